"""The feedback letter: built from the review's records, published as numbered versions.

The letter takes the shape councils receive: introduction and thanks, the scope, the team,
context, an executive summary, the strengths and areas for development (or for
consideration) under each scope question, sub-area or element, the recommendations (numbered
or not, as stored) or key priorities, a conclusion, and an appendix of the people and groups
the team met. Only approved findings go in.

It is made in two steps so a published version renders exactly as it was published:

- :func:`snapshot` reads the review into plain, JSON-safe content (what ``LetterVersion.content``
  keeps);
- :func:`letter_from_snapshot` turns that content into a document-kernel
  :class:`~ascent.documents.model.Document`, which ``ascent.documents.renderers`` renders
  as HTML, PDF or Word.

:func:`build_letter` is the two together, for the current draft. :func:`update_letter` saves
the letter's own parts and :func:`publish` keeps a new :class:`~.models.LetterVersion`.

Who may change and publish the letter (``reviews.change_letter``,
``reviews.publish_letter_version``) is registered here beside the rules of
``ascent.reviews.rules`` it builds on: while the review is open, the team and the host's
editors write it and the lead (``reviews.publish_letter``) publishes it; once it is
published, the letter belongs to the host, whose admins may correct it and publish a new
version until the review is closed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ascent.core.dates import govuk_date, govuk_date_range
from ascent.documents.model import BulletList, Document, NumberedList, Paragraph, Section, Table
from ascent.documents.model import Column as TableColumn

from .models import (
    DevelopmentLabel,
    Finding,
    FindingKind,
    FindingStatus,
    LetterVersion,
    PersonMet,
    Recommendation,
    RecommendationKind,
    Review,
    ScopeItem,
    ScopeStyle,
    Stage,
    TeamMember,
)
from .rules import may
from .team import set_team_access

#: The shape of :func:`snapshot`'s content; a later change to it reads older versions by this.
SNAPSHOT_FORMAT = 1
#: The letter's own parts, which people write (the rest comes from the review's records).
LETTER_PARTS = ("letter_date", "addressee", "signatory", "introduction", "context", "executive_summary", "conclusion")
# Content: the review read into plain values ---------------------------------------------------


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def snapshot(review: Review) -> dict[str, Any]:
    """The letter's content as plain JSON-safe values: what a published version keeps.

    Five queries however big the review (with its organisation and framework loaded): the
    scope, team, approved findings, recommendations and people met, each in one.
    """
    organisation = review.organisation
    scope = list(
        ScopeItem.objects.in_organisation(organisation)
        .filter(review=review)
        .select_related("element")
        .order_by("position", "id")
    )
    numbers = {item.pk: index for index, item in enumerate(scope, start=1)}
    team = (
        TeamMember.objects.in_organisation(organisation)
        .filter(review=review)
        .select_related("home_organisation")
        .order_by("position", "id")
    )
    findings = (
        Finding.objects.in_organisation(organisation)
        .filter(review=review, status=FindingStatus.APPROVED)
        .order_by("scope_item__position", "scope_item_id", "position", "id")
    )
    recommendations = (
        Recommendation.objects.in_organisation(organisation).filter(review=review).order_by("position", "id")
    )
    people = PersonMet.objects.in_organisation(organisation).filter(review=review).order_by("position", "id")
    return {
        "format": SNAPSHOT_FORMAT,
        "title": review.title,
        "host": organisation.name,
        "kind": review.get_kind_display(),
        "on_site_from": _iso(review.on_site_from),
        "on_site_to": _iso(review.on_site_to),
        "commissioned_by": review.commissioned_by,
        "led_by": review.led_by,
        "letter_date": _iso(review.letter_date),
        "addressee": review.addressee,
        "signatory": review.signatory,
        "introduction": review.introduction,
        "context": review.context,
        "executive_summary": review.executive_summary,
        "conclusion": review.conclusion,
        "scope_style": review.scope_style,
        "key_line_of_enquiry": review.key_line_of_enquiry,
        "framework": review.framework.name if review.framework_id else "",
        "development_label": DevelopmentLabel(review.development_label).label,
        "scope": [
            {
                "number": numbers[item.pk],
                "kind": item.kind,
                "text": item.text,
                # What the framework calls it ("Domain"), so the letter can say "these domains".
                "element_kind": item.element.kind if item.element_id else "",
            }
            for item in scope
        ],
        "team": [
            {
                "name": member.name,
                "role": member.get_role_display(),
                "job_title": member.job_title,
                "organisation": member.organisation_name,
                "is_lead": member.is_lead,
            }
            for member in team
        ],
        "findings": [
            {
                "scope": numbers.get(finding.scope_item_id),
                "kind": finding.kind,
                "heading": finding.heading,
                "text": finding.text,
            }
            for finding in findings
        ],
        "recommendations": [
            {
                "uid": str(recommendation.uid),
                "kind": recommendation.kind,
                "number": recommendation.number,
                "text": recommendation.text,
                "scope": numbers.get(recommendation.scope_item_id),
            }
            for recommendation in recommendations
        ],
        "people_met": [{"role": person.role, "name": person.name, "is_group": person.is_group} for person in people],
    }


# The document: content laid out as a letter ----------------------------------------------------


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _paragraphs(text: str) -> list[Paragraph]:
    """Text as people type it: paragraphs split at blank lines, lines within one joined."""
    parts = re.split(r"\n\s*\n", (text or "").strip())
    return [
        Paragraph(" ".join(line.strip() for line in part.splitlines() if line.strip()))
        for part in parts
        if part.strip()
    ]


def _on_site(content: dict) -> str:
    return govuk_date_range(_date(content["on_site_from"]), _date(content["on_site_to"]))


#: Titles before a name, left out of "Dear Helen" and kept in "Dear Dr Kaur" (a surname alone).
_TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "cllr",
    "councillor",
    "prof",
    "professor",
    "sir",
    "dame",
    "lady",
    "lord",
}


#: First words of a role rather than a person's name: "Director of Adult Social Services".
_ROLES = {"director", "executive", "chief", "head", "leader", "manager", "officer", "assistant", "corporate"}


def salutation(addressee: str) -> str:
    """How the letter greets the person it is to: "Dear Helen," from "Helen Smith, Director of Adult
    Social Services", "Dear Dr Kaur," from "Dr Kaur", "Dear Director of Adult Social Services," from a
    role; "" when nobody is named."""
    name = re.split(r"[,\n]", addressee or "", maxsplit=1)[0].strip()
    words = name.split()
    if not words:
        return ""
    if words[0].lower() == "the" and len(words) > 1:
        words = words[1:]
    if words[0].lower() in _ROLES or any(word in ("of", "and", "for") for word in words[1:]):
        return f"Dear {' '.join(words)},"
    titled = words[0].lower().rstrip(".") in _TITLES
    given = words[1:] if titled else words
    if titled and len(given) == 1:
        return f"Dear {words[0]} {given[0]},"
    return f"Dear {(given or words)[0]},"


def _introduction(content: dict) -> list[Paragraph]:
    greeting = [Paragraph(text)] if (text := salutation(content["addressee"])) else []
    written = _paragraphs(content["introduction"])
    if written:
        return greeting + written
    when = _on_site(content)
    visit = f", on site {when}" if when else ""
    return greeting + [
        Paragraph(
            f"This letter sets out the team's findings and recommendations from the {content['kind'].lower()} "
            f"of {content['host']}{visit}."
        )
    ]


def _plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return word + "es"
    return word + "s"


def element_noun(kinds: list[str]) -> str:
    """What the framework calls the elements in scope, plural and lower case: "domains", "quality
    statements", "areas to consider"; "elements" when they are of several kinds or none is known."""
    found = {kind.strip().lower() for kind in kinds if kind and kind.strip()}
    if len(found) != 1:
        return "elements"
    words = found.pop().split()
    # The head noun comes before a preposition ("area to consider", "line of enquiry"), else last.
    head = next(
        (i - 1 for i, word in enumerate(words) if i and word in ("to", "of", "for", "in", "on")), len(words) - 1
    )
    words[head] = _plural(words[head])
    return " ".join(words)


def _scope_section(content: dict) -> Section | None:
    items = [item["text"] for item in content["scope"]]
    blocks: list = []
    style = content["scope_style"]
    if style == ScopeStyle.KEY_LINE:
        if content["key_line_of_enquiry"]:
            blocks.append(Paragraph(f"The key line of enquiry: {content['key_line_of_enquiry']}"))
        if items:
            blocks += [Paragraph("Within it, the team looked at these areas:"), BulletList(items)]
    elif style == ScopeStyle.ELEMENTS:
        if items:
            name = content["framework"]
            framework = (f" of {name}" if name.lower().startswith("the ") else f" of the {name}") if name else ""
            framework = framework or " of the framework"
            noun = element_noun([item.get("element_kind", "") for item in content["scope"]])
            blocks += [Paragraph(f"The team looked at these {noun}{framework}:"), BulletList(items)]
    elif items:
        blocks += [Paragraph(f"{content['host']} asked the team to answer these questions:"), NumberedList(items)]
    return Section("Scope", blocks) if blocks else None


def _team_section(content: dict) -> Section | None:
    if not content["team"]:
        return None
    rows = [
        [
            member["name"],
            # "(lead)" marks the one who leads, unless the role says so already ("Lead director").
            f"{member['role']} (lead)"
            if member["is_lead"] and not member["role"].startswith("Lead ")
            else member["role"],
            member["job_title"] or None,
            member["organisation"] or None,
        ]
        for member in content["team"]
    ]
    columns = [TableColumn("Name"), TableColumn("Role"), TableColumn("Job title"), TableColumn("Organisation")]
    return Section("The team", [Table("The review team", columns, rows)])


def _scope_heading(item: dict, style: str) -> str:
    if style == ScopeStyle.QUESTIONS:
        return f"{item['number']}. {item['text']}"
    return item["text"]


def _finding_blocks(finding: dict) -> list[Paragraph]:
    blocks = _paragraphs(finding["text"])
    if finding["heading"] and blocks:
        blocks[0] = Paragraph(f"{finding['heading']}: {blocks[0].text}")
    return blocks


def _findings_sections(content: dict) -> list[Section]:
    """Strengths, then areas for development (or consideration), under each scope item, then any general ones."""
    by_scope: dict[int | None, list[dict]] = {}
    for finding in content["findings"]:
        if finding["kind"] != FindingKind.KEY_PRIORITY:
            by_scope.setdefault(finding["scope"], []).append(finding)
    groups = [(_scope_heading(item, content["scope_style"]), item["number"]) for item in content["scope"]]
    groups.append(("General findings", None))
    sections: list[Section] = []
    for heading, number in groups:
        findings = by_scope.get(number, [])
        if not findings:
            continue
        sections.append(Section(heading, level=3))
        for kind, label in (
            (FindingKind.STRENGTH, "Strengths"),
            (FindingKind.DEVELOPMENT, content["development_label"]),
        ):
            blocks = [block for finding in findings if finding["kind"] == kind for block in _finding_blocks(finding)]
            if blocks:
                sections.append(Section(label, blocks, level=4))
    if sections:
        sections.insert(0, Section("Findings"))
    return sections


def _numbered_runs(recommendations: list[dict]) -> list:
    """Lists in the letter's order: each run of consecutive numbers one numbered list, unnumbered ones as bullets."""
    blocks: list = []
    run: list[dict] = []
    loose: list[str] = []

    def close():
        if run:
            blocks.append(NumberedList([item["text"] for item in run], start=run[0]["number"]))
            run.clear()
        if loose:
            blocks.append(BulletList(list(loose)))
            loose.clear()

    for item in recommendations:
        if item["number"]:
            if loose or (run and item["number"] != run[-1]["number"] + 1):
                close()
            run.append(item)
        else:
            if run:
                close()
            loose.append(item["text"])
    close()
    return blocks


def _recommendation_sections(content: dict) -> list[Section]:
    sections = []
    recommendations = [item for item in content["recommendations"] if item["kind"] == RecommendationKind.RECOMMENDATION]
    if recommendations:
        sections.append(Section("Recommendations", _numbered_runs(recommendations)))
    priorities = [item for item in content["recommendations"] if item["kind"] == RecommendationKind.KEY_PRIORITY]
    priority_findings = [finding for finding in content["findings"] if finding["kind"] == FindingKind.KEY_PRIORITY]
    blocks = _numbered_runs(priorities) + [block for finding in priority_findings for block in _finding_blocks(finding)]
    if blocks:
        sections.append(Section("Key priorities", blocks))
    return sections


def _conclusion_section(content: dict) -> Section | None:
    blocks: list = _paragraphs(content["conclusion"])
    if content["signatory"]:
        blocks += [Paragraph("Yours sincerely,"), Paragraph(content["signatory"])]
    return Section("Conclusion", blocks) if blocks else None


def _person(person: dict) -> str:
    if person["name"]:
        return f"{person['role']}: {person['name']}"
    return person["role"]


def letter_from_snapshot(content: dict) -> Document:
    """The letter as a document, from :func:`snapshot`'s content (a draft's, or a published version's)."""
    metadata = [("Council", content["host"])]
    letter_date = _date(content["letter_date"])
    if letter_date:
        metadata.append(("Date", govuk_date(letter_date)))
    if content["addressee"]:
        metadata.append(("To", content["addressee"]))
    if on_site := _on_site(content):
        metadata.append(("On site", on_site))
    if content["commissioned_by"]:
        metadata.append(("Commissioned by", content["commissioned_by"]))
    if content["led_by"]:
        metadata.append(("Led by", content["led_by"]))

    sections: list[Section | None] = [
        Section("Introduction and thanks", _introduction(content)),
        _scope_section(content),
        _team_section(content),
    ]
    for heading, key in (("Context", "context"), ("Executive summary", "executive_summary")):
        blocks = _paragraphs(content[key])
        sections.append(Section(heading, blocks) if blocks else None)
    sections += _findings_sections(content)
    sections += _recommendation_sections(content)
    sections.append(_conclusion_section(content))
    if content["people_met"]:
        sections.append(
            Section(
                "Appendix: people and groups the team met", [BulletList([_person(p) for p in content["people_met"]])]
            )
        )
    return Document(
        title=content["title"],
        subtitle=f"Feedback letter: {content['kind'].lower()} of {content['host']}",
        metadata=metadata,
        sections=[section for section in sections if section is not None],
        produced=letter_date,
    )


def build_letter(review: Review) -> Document:
    """The current draft of the review's letter."""
    return letter_from_snapshot(snapshot(review))


def still_to_write(review: Review) -> list[str]:
    """The letter's own parts left empty, in words, for the letter page."""
    return [
        str(Review._meta.get_field(name).verbose_name).capitalize()
        for name in LETTER_PARTS
        if not getattr(review, name)
    ]


# Actions ---------------------------------------------------------------------------------------


def update_letter(review: Review, *, by, **parts) -> Review:
    """Save the letter's own parts (any of :data:`LETTER_PARTS`)."""
    if not may(by, "reviews.change_letter", review):
        raise PermissionDenied
    unknown = set(parts) - set(LETTER_PARTS)
    if unknown:
        raise ValueError(f"Not parts of the letter: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        for name, value in parts.items():
            setattr(review, name, value)
        review._history_user = by
        review.save(update_fields=[*parts, "updated_at"])
    return review


def unapproved_count(review: Review) -> int:
    return (
        Finding.objects.in_organisation(review.organisation)
        .filter(review=review)
        .exclude(status=FindingStatus.APPROVED)
        .count()
    )


def publish(review: Review, by, *, team_access_ends_on: dt.date | None, note: str = "") -> LetterVersion:
    """Keep the letter as it is now as version n+1, and publish the review (the first time).

    Refused (``ValidationError`` naming the field) while findings wait for approval, when the
    review has not reached reporting, or, for the first version, without a date on or after
    today until which the team may still read the review. A later version (a correction) keeps
    the team's date unless ``team_access_ends_on`` is given, which only the host's editors may
    do: the date is theirs, and the team's lead also publishes corrections.
    """
    if not may(by, "reviews.publish_letter_version", review):
        raise PermissionDenied
    today = timezone.localdate()
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)  # one publication at a time
        if review.stage in (Stage.SCOPING, Stage.FIELDWORK):
            raise ValidationError(
                {"stage": f"The letter can be published once {review.organisation.name} moves the review to reporting"},
                code="not_reporting",
            )
        if review.stage == Stage.CLOSED:
            raise ValidationError({"stage": "The review is closed: its letter can no longer change"}, code="closed")
        waiting = unapproved_count(review)
        if waiting:
            noun = "finding is" if waiting == 1 else "findings are"
            raise ValidationError(
                {"findings": f"{waiting} {noun} still waiting for approval: approve or delete them before publishing"},
                code="unapproved",
            )
        if team_access_ends_on is None and review.is_open:
            raise ValidationError(
                {"team_access_ends_on": "Enter the last day the team may read the review"}, code="required"
            )
        if team_access_ends_on is not None and not review.is_open and not by.has_perm("reviews.change_review", review):
            raise ValidationError(
                {"team_access_ends_on": f"Only {review.organisation.name}'s editors change the team's access date"},
                code="host_only",
            )
        if team_access_ends_on is not None and team_access_ends_on < today:
            raise ValidationError(
                {"team_access_ends_on": "The last day the team may read the review must be today or later"},
                code="past",
            )
        if len(note) > LetterVersion._meta.get_field("note").max_length:
            raise ValidationError({"note": "What changed must be 300 characters or fewer"}, code="max_length")
        latest = LetterVersion.objects.in_organisation(review.organisation).filter(review=review).order_by("-version")
        number = (latest.values_list("version", flat=True).first() or 0) + 1
        now = timezone.now()
        version = LetterVersion(
            review=review, version=number, content=snapshot(review), published_at=now, published_by=by, note=note
        )
        version._history_user = by
        version.save()
        fields = ["updated_at"]
        if review.is_open:
            review.stage = Stage.PUBLISHED
            review.published_at, review.published_by = now, by
            fields += ["stage", "published_at", "published_by"]
        review._history_user = by
        review.save(update_fields=fields)
        if team_access_ends_on is not None:
            # The host's date, and every team member's grant with it (ascent/reviews/team.py).
            set_team_access(review, ends_on=team_access_ends_on, by=by)
    return version


def version_document(version: LetterVersion) -> Document:
    """A published version, rendered again from the content it kept."""
    return letter_from_snapshot(version.content)


def download_name(document: Document, extension: str, *, version: int | None = None) -> str:
    """The file name of the letter as downloaded: the draft's, or ``...-version-<n>.<extension>``."""
    if version is None:
        return document.filename(extension)
    stem = document.filename("").rstrip(".")
    return f"{stem}-version-{version}.{extension}"


# The review as data (the export_review command) -------------------------------------------------


def export_data(review: Review) -> dict[str, Any]:
    """The review's scope, team, findings (every status) and recommendations, with the letter's parts."""
    organisation = review.organisation
    content = snapshot(review)
    scope_items = ScopeItem.objects.in_organisation(organisation).filter(review=review).order_by("position", "id")
    scope_numbers = {item.pk: index for index, item in enumerate(scope_items, start=1)}
    findings = (
        Finding.objects.in_organisation(organisation)
        .filter(review=review)
        .order_by("scope_item__position", "scope_item_id", "position", "id")
    )
    recommendations = (
        Recommendation.objects.in_organisation(organisation).filter(review=review).order_by("position", "id")
    )
    versions = LetterVersion.objects.in_organisation(organisation).filter(review=review).order_by("version")
    return {
        "id": review.pk,
        "title": review.title,
        "host": {"name": organisation.name, "gss_code": organisation.gss_code},
        "kind": review.kind,
        "stage": review.stage,
        "on_site_from": content["on_site_from"],
        "on_site_to": content["on_site_to"],
        "scope": {
            "style": review.scope_style,
            "key_line_of_enquiry": review.key_line_of_enquiry,
            "items": content["scope"],
        },
        "team": content["team"],
        "findings": [
            {
                "scope": scope_numbers.get(finding.scope_item_id),
                "kind": finding.kind,
                "heading": finding.heading,
                "text": finding.text,
                "evidence_references": finding.evidence_references,
                "status": finding.status,
            }
            for finding in findings
        ],
        "recommendations": [
            {
                "uid": str(item.uid),
                "kind": item.kind,
                "number": item.number,
                "label": item.label,
                "text": item.text,
                "scope": scope_numbers.get(item.scope_item_id),
                "response": item.response,
                "response_reason": item.response_reason,
            }
            for item in recommendations
        ],
        "people_met": content["people_met"],
        "letter": {name: content[name] for name in LETTER_PARTS},
        "letter_versions": [
            {
                "version": version.version,
                "published_at": version.published_at.isoformat() if version.published_at else None,
                "note": version.note,
            }
            for version in versions
        ],
    }
