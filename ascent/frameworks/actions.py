"""Changes to a council's own frameworks and to its crosswalk.

Views call these. Each runs in one transaction and records the acting user (``by``) in the
history, so the Activity page says who defined, versioned or mapped what. Shipped frameworks
and shipped mappings are never changed here: a council hides a shipped mapping for itself
with a row of its own, and defines or uploads frameworks of its own.

A version that a self-assessment uses (``Framework.is_in_use``) is never changed in place:
:func:`save_framework` makes a new version of it instead.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from ascent.organisations.models import Organisation

from .models import Element, ElementMapping, Framework

FRAMEWORK_FIELDS = ("name", "short_name", "version", "description", "rating_scale")


def _saved(instance, by):
    instance._history_user = by
    instance.save()
    return instance


def _refuse_shipped(framework: Framework) -> None:
    if framework.is_shipped:
        raise ValidationError("A framework that comes with Ascent cannot be changed")


def define_framework(organisation: Organisation, *, by, slug: str, outline: list[dict], **fields) -> Framework:
    """A new framework of the council's own, with its elements (``FrameworkForm.outline()``)."""
    with transaction.atomic():
        framework = _saved(Framework(organisation=organisation, slug=slug, **_framework_fields(fields)), by)
        _create_elements(framework, outline, by=by)
    return framework


def save_framework(framework: Framework, *, by, outline: list[dict], **fields) -> tuple[Framework, bool]:
    """Change a council's framework: in place if nothing uses this version, else as a new version.

    Returns the framework saved and whether it is a new version.
    """
    _refuse_shipped(framework)
    if framework.is_in_use():
        return new_version(framework, by=by, outline=outline, **fields), True
    with transaction.atomic():
        framework = Framework.objects.select_for_update().get(pk=framework.pk)
        if framework.is_in_use():  # a self-assessment started on it meanwhile
            return new_version(framework, by=by, outline=outline, **fields), True
        for name, value in _framework_fields(fields).items():
            setattr(framework, name, value)
        framework.source_checksum = ""  # no longer what a file said: loading that file again changes it
        _saved(framework, by)
        _update_elements(framework, outline, by=by)
    return framework, False


def new_version(framework: Framework, *, by, outline: list[dict], **fields) -> Framework:
    """A new version of a council's framework; the old one stays as it was, for what used it.

    The council's own crosswalk mappings follow the elements that keep their key.
    """
    _refuse_shipped(framework)
    with transaction.atomic():
        previous = Framework.objects.select_for_update().get(pk=framework.pk)
        if Framework.objects.filter(previous_version=previous).exists():
            raise ValidationError("This is not the newest version: make the new version from the newest one")
        values = {
            "scoring": previous.scoring,
            "evidence_categories": previous.evidence_categories,
            "top_risks": previous.top_risks,
            "source": previous.source,
            **_framework_fields(fields),
        }
        version = _saved(
            Framework(organisation=previous.organisation, slug=previous.slug, previous_version=previous, **values), by
        )
        created = _create_elements(version, outline, by=by)
        _carry_mappings(previous, created, by=by)
    return version


def upload_framework(organisation: Organisation, *, by, text: str) -> Framework:
    """Load a council's YAML file through the loader; on any error nothing is saved.

    Raises :class:`~.loading.FrameworkFileError` listing each problem by line and field.
    """
    from .loading import load_framework_text

    with transaction.atomic():
        return load_framework_text(text, organisation=organisation, user=by)


def _framework_fields(fields: dict) -> dict:
    unknown = set(fields) - set(FRAMEWORK_FIELDS)
    if unknown:
        raise TypeError(f"Unknown framework fields: {', '.join(sorted(unknown))}")
    return fields


def _create_elements(framework: Framework, outline: list[dict], *, by) -> dict[str, Element]:
    """Create the outline's elements in order (parents come before their children)."""
    saved: list[Element] = []
    for fields in outline:
        parent = fields["parent"]
        values = {name: value for name, value in fields.items() if name != "parent"}
        element = Element(framework=framework, parent=saved[parent] if parent is not None else None, **values)
        saved.append(_saved(element, by))
    return {element.key: element for element in saved}


def _update_elements(framework: Framework, outline: list[dict], *, by) -> None:
    """Match the outline to the framework's elements by key: change, add, then remove what is gone."""
    existing = {element.key: element for element in framework.elements.all()}
    saved: list[Element] = []
    for fields in outline:
        parent = fields["parent"]
        values = {name: value for name, value in fields.items() if name != "parent"}
        element = existing.pop(values["key"], None) or Element(framework=framework)
        element.parent = saved[parent] if parent is not None else None
        for name, value in {"description": "", "we_statement": "", "i_statements": [], **values}.items():
            setattr(element, name, value)
        saved.append(_saved(element, by))
    for element in sorted(existing.values(), key=lambda e: -e.depth):
        element._history_user = by
        element.delete()


def _carry_mappings(previous: Framework, created: dict[str, Element], *, by) -> None:
    """Copy the council's own rows of the crosswalk from the old version's elements to the new one's."""
    rows = ElementMapping.objects.filter(organisation=previous.organisation_id).filter(
        Q(source__framework=previous) | Q(target__framework=previous)
    )
    for row in rows.select_related("source", "target"):
        source = created.get(row.source.key) if row.source.framework_id == previous.pk else row.source
        target = created.get(row.target.key) if row.target.framework_id == previous.pk else row.target
        if source is None or target is None:
            continue  # the element is not in the new version
        mapping = ElementMapping(
            organisation_id=previous.organisation_id,
            source=source,
            target=target,
            is_hidden=row.is_hidden,
            note=row.note,
        )
        _saved(mapping, by)


# The crosswalk -------------------------------------------------------------------------------


def add_mapping(
    organisation: Organisation, *, by, source: Element, target: Element, note: str = ""
) -> tuple[ElementMapping | None, str]:
    """The council's own mapping of ``source`` to ``target`` (a mapping reads both ways).

    If the council hid a shipped mapping of the same two elements, it is shown again instead.
    Returns the row and what happened: "added" or "restored". Refuses two elements of one
    framework, and a pair the council's crosswalk already maps.
    """
    if source.framework_id == target.framework_id:
        raise ValidationError({"target": "Choose an element of another framework: a mapping links two frameworks"})
    pairs = _pair(source, target)
    with transaction.atomic():
        rows = list(ElementMapping.objects.in_organisation(organisation).select_for_update().filter(pairs))
        shipped = [row for row in rows if row.organisation_id is None]
        hidden = [row for row in rows if row.organisation_id is not None and row.is_hidden]
        if any(row.organisation_id is not None and not row.is_hidden for row in rows) or (shipped and not hidden):
            raise ValidationError({"target": f"{source.label} already counts towards {target.label}"})
        for row in hidden:
            row._history_user = by
            row.delete()
        if shipped:
            return None, "restored"
        row = _saved(ElementMapping(organisation=organisation, source=source, target=target, note=note), by)
    return row, "added"


def hide_mapping(organisation: Organisation, mapping: ElementMapping, *, by) -> ElementMapping:
    """Hide a shipped mapping for this council only, with a row of its own (the same two elements)."""
    if mapping.organisation_id is not None:
        raise ValidationError("Only a mapping that comes with Ascent is hidden: remove your council's own instead")
    with transaction.atomic():
        row = (
            ElementMapping.objects.select_for_update()
            .filter(organisation=organisation)
            .filter(_pair(mapping.source, mapping.target))
            .first()
        )
        if row is None:
            row = ElementMapping(
                organisation=organisation, source_id=mapping.source_id, target_id=mapping.target_id, is_hidden=True
            )
        row.is_hidden = True
        _saved(row, by)
    return row


def remove_mapping(row: ElementMapping, *, by) -> None:
    """Delete one of the council's own rows: a mapping it added, or the row hiding a shipped one (restoring it)."""
    if row.organisation_id is None:
        raise ValidationError("A mapping that comes with Ascent cannot be removed: hide it for your council instead")
    with transaction.atomic():
        row._history_user = by
        row.delete()


def _pair(source: Element, target: Element) -> Q:
    return Q(source=source, target=target) | Q(source=target, target=source)
