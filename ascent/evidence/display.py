"""How evidence files read on a page: their age, type and where they are used.

Other apps' pages that list evidence files (a rating's page) call :func:`annotate_files`
and include ``evidence/_evidence_list.html``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, QuerySet
from django.utils import timezone

from .models import EvidenceFile
from .sniff import type_label


def age_text(evidence_date: dt.date, today: dt.date) -> str:
    """How old the evidence is, as people say it: "10 days", "3 weeks", "5 months", "2 years and 1 month"."""
    days = (today - evidence_date).days
    if days < 0:
        return "Not yet"
    if days == 0:
        return "Today"
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    months = (today.year - evidence_date.year) * 12 + today.month - evidence_date.month
    if today.day < evidence_date.day:
        months -= 1
    if months < 1:
        return f"{days // 7} weeks"
    if months < 12:
        return f"{months} month{'s' if months != 1 else ''}"
    years, months = divmod(months, 12)
    text = f"{years} year{'s' if years != 1 else ''}"
    return f"{text} and {months} month{'s' if months != 1 else ''}" if months else text


def relations() -> list:
    """The relations other apps' models declare to EvidenceFile (a rating's attached evidence).

    Read generically from Django's model metadata, because the evidence app sits below the
    apps that use it and may not import them.
    """
    return [relation for relation in EvidenceFile._meta.related_objects if relation.field.concrete]


def use_noun(relation, count: int) -> str:
    """How a relation's records read: a model may declare ``evidence_use_noun = ("rating", "ratings")``."""
    model = relation.related_model
    singular, plural = getattr(model, "evidence_use_noun", (model._meta.verbose_name, model._meta.verbose_name_plural))
    return str(singular if count == 1 else plural)


def uses_text(counts: Iterable[tuple[str, int]]) -> str:
    """ "2 ratings and 1 finding", or "" when nothing uses the file."""
    return " and ".join(f"{count} {noun}" for noun, count in counts if count)


def with_use_counts(queryset: QuerySet) -> QuerySet:
    """``queryset`` annotated with how many records of each relation point at each file (no extra query)."""
    return queryset.annotate(
        **{f"_uses_{index}": Count(relation.name, distinct=True) for index, relation in enumerate(relations())}
    )


def annotate_files(files: Iterable[EvidenceFile], today: dt.date | None = None) -> list[EvidenceFile]:
    """The files, each with ``age``, ``type_label`` and, if counted by :func:`with_use_counts`,
    ``use_count`` and ``uses_text``; for ``evidence/_evidence_list.html``."""
    today = today or timezone.localdate()
    found = list(files)
    all_relations = relations()
    for evidence in found:
        evidence.age = age_text(evidence.evidence_date, today)
        evidence.type_label = type_label(evidence.content_type)
        counts = [
            (relation, getattr(evidence, f"_uses_{index}"))
            for index, relation in enumerate(all_relations)
            if hasattr(evidence, f"_uses_{index}")
        ]
        if counts:
            evidence.use_count = sum(count for _, count in counts)
            evidence.uses_text = uses_text((use_noun(relation, count), count) for relation, count in counts)
    return found
