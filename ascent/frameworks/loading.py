"""Loading frameworks from YAML: the shipped files and the ones councils upload.

A file is read in three steps and nothing is saved unless all three pass:

1. YAML is parsed with :func:`yaml.compose`, which keeps where each value sits in the text,
   so every problem found later names its line;
2. the data is checked against :data:`ascent.frameworks.schema.FRAMEWORK_SCHEMA`
   (fields, types, lengths);
3. what a schema cannot check: element keys unique, parents that exist, a scale whose values
   and scores differ, and elements included by reference (``include: cqc-la-assessment:qs-7``)
   that exist and that the council may see.

Then :func:`load_framework` saves it, idempotently:

- the same content as the newest version of that framework → nothing changes;
- a changed file with the same version, for a framework no self-assessment has used
  (:meth:`Framework.is_in_use`) → updated in place, element by element (by key);
- a changed file for a version that has been used, or a file with a new version → a new
  version, linked to the one it replaces (``previous_version``), with the crosswalk mappings
  of the old version's elements copied to the new elements of the same key.

docs/dev/framework-yaml.md describes the format.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.db.models import ProtectedError, Q
from jsonschema import Draft202012Validator
from simple_history.utils import bulk_create_with_history

from .models import Element, ElementMapping, Framework
from .schema import FRAMEWORK_SCHEMA, INCLUDE_PATTERN, SLUG_PATTERN

DATA_DIR = Path(__file__).resolve().parent / "data"
#: The shipped frameworks, in the order they are loaded (a file may include elements of an earlier one).
SHIPPED_FILES = ("teasc-risk-awareness.yaml", "cqc-la-assessment.yaml", "ascof-2014.yaml", "ascof-2023.yaml")

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

#: Element fields a file sets, with their defaults when the file leaves them out.
ELEMENT_DEFAULTS: dict[str, Any] = {
    "code": "",
    "kind": "",
    "title": "",
    "description": "",
    "we_statement": "",
    "i_statements": [],
    "is_rated": False,
}
#: Framework fields a file sets (besides slug and version), with their defaults.
FRAMEWORK_DEFAULTS: dict[str, Any] = {
    "name": "",
    "short_name": "",
    "source": "",
    "description": "",
    "rating_scale": [],
    "scoring": "",
    "evidence_categories": [],
    "top_risks": 0,
}
_MAX_ERRORS = 50
#: The longest file read (characters) and the most elements a framework may have.
MAX_TEXT = 1_000_000
MAX_ELEMENTS = 2_000


# --- errors -------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class FrameworkError:
    """One problem in a file: its line (1 = the first; 0 when the file as a whole is wrong),
    the field (``elements[2].children[1].title``, counting from 1) and what is wrong."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "the file"
        return f"{where}, {self.field or 'file'}: {self.message}"


class FrameworkFileError(ValueError):
    """The file cannot be loaded; ``errors`` lists every problem found, by line and field."""

    def __init__(self, errors: Iterable[FrameworkError]):
        self.errors = sorted(set(errors))
        shown = self.errors[:20]
        more = f"\n... and {len(self.errors) - len(shown)} more" if len(self.errors) > len(shown) else ""
        super().__init__("The framework file has errors:\n" + "\n".join(str(e) for e in shown) + more)


# --- YAML with positions ------------------------------------------------------------------


def _line(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 0


def parse_yaml(text: str) -> tuple[Any, yaml.Node | None]:
    """The data of a YAML document and its node tree (for line numbers).

    Raises FrameworkFileError for text that is not YAML, has more than one document, or
    gives a field twice in the same place (YAML would silently keep the last)."""
    data, node = _parse(text)
    errors = list(_duplicate_fields(node, ""))
    if errors:
        raise FrameworkFileError(errors)
    return data, node


def _parse(text: str) -> tuple[Any, yaml.Node | None]:
    """parse_yaml without the check for fields given twice."""
    if not isinstance(text, str):
        raise FrameworkFileError([FrameworkError(0, "", "the file must be text")])
    if len(text) > MAX_TEXT:
        raise FrameworkFileError([FrameworkError(0, "", f"the file is longer than {MAX_TEXT:,} characters")])
    loader = None
    try:
        loader = _Loader(text)  # the reader refuses control characters here, before parsing
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = (error.problem or error.context or "not valid YAML").strip()
        raise FrameworkFileError(
            [FrameworkError(mark.line + 1 if mark else 0, "", f"this is not valid YAML: {problem}")]
        ) from None
    except _AliasFound as found:
        raise FrameworkFileError(
            [
                FrameworkError(
                    found.mark.line + 1, "", "anchors and aliases (& and *) are not allowed: write each value out"
                )
            ]
        ) from None
    except yaml.reader.ReaderError as error:
        raise FrameworkFileError([_unreadable(text, error)]) from None
    except yaml.YAMLError:
        raise FrameworkFileError([FrameworkError(0, "", "this is not valid YAML")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, node


def _unreadable(text: str, error: yaml.reader.ReaderError) -> FrameworkError:
    """A character a YAML file cannot hold (such as a control character), by line."""
    position = error.position if isinstance(error.position, int) else 0
    line = text.count("\n", 0, position) + 1
    character = error.character
    code = f"U+{character:04X}" if isinstance(character, int) else f"U+{ord(character):04X}"
    return FrameworkError(
        line,
        "",
        f"this line has a character a text file should not contain ({code}, a control character): "
        "save the file again as plain text",
    )


class _AliasFound(Exception):
    def __init__(self, mark):
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """Safe YAML that refuses aliases (``*name``): nested aliases can expand to billions of values."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _AliasFound(self.peek_event().start_mark)
        return super().compose_node(parent, index)


def _duplicate_fields(node: yaml.Node | None, path: str):
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            name = str(key_node.value)
            if name in seen and name != "<<":
                yield FrameworkError(
                    _line(key_node), _join(path, name), f"{name} is given twice (first on line {seen[name]})"
                )
            seen.setdefault(name, _line(key_node))
            yield from _duplicate_fields(value_node, _join(path, name))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_fields(item, f"{path}[{index + 1}]")


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _child(node: yaml.Node | None, step: str | int, *, key: bool = False) -> yaml.Node | None:
    """The node of a field (or, with ``key``, of the field's name) or of a list item."""
    if isinstance(node, yaml.MappingNode) and isinstance(step, str):
        for key_node, value_node in node.value:
            if key_node.value == step:
                return key_node if key else value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return node.value[step]
    return None


def _locate(root: yaml.Node | None, path: Iterable[str | int]) -> tuple[yaml.Node | None, str]:
    """The deepest node along ``path``, and the path as people read it (lists count from 1)."""
    node, text = root, ""
    for step in path:
        found = _child(node, step)
        text = f"{text}[{step + 1}]" if isinstance(step, int) else _join(text, step)
        if found is not None:
            node = found
    return node, text


# --- schema messages ------------------------------------------------------------------------

_TYPES = {
    "string": "text (put it in quotes if it looks like a number, a date or yes/no)",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a set of fields",
    "number": "a number",
}
_PATTERNS = {
    SLUG_PATTERN: "must be lower-case letters, digits and single hyphens, like domain-1",
    INCLUDE_PATTERN: "must name a framework and one of its elements as framework-slug:element-key, "
    "like cqc-la-assessment:qs-7",
}


def _schema_errors(data: Any, root: yaml.Node | None, schema: dict) -> list[FrameworkError]:
    errors = []
    for error in Draft202012Validator(schema).iter_errors(data):
        path = list(error.absolute_path)
        node, where = _locate(root, path)
        kind, value = error.validator, error.instance
        if kind == "required":
            missing = [name for name in error.validator_value if name not in (value or {})]
            errors.extend(FrameworkError(_line(node), _join(where, name), f"{name} is missing") for name in missing)
            continue
        if kind == "additionalProperties":
            allowed = sorted(error.schema.get("properties", {}))
            errors.extend(
                FrameworkError(
                    _line(_child(node, name, key=True) or node),
                    _join(where, str(name)),
                    f"{name} is not a field this file can have here (it can have: {', '.join(allowed)})",
                )
                for name in sorted(set(value) - set(allowed))
            )
            continue
        if kind == "type" and error.validator_value == "string" and _read_as(node, value):
            text = node.value
            message = f'{text} is read as {_read_as(node, value)}; to mean the text, put it in quotes: "{text}"'
        elif kind == "type":
            message = f"must be {_TYPES.get(error.validator_value, error.validator_value)}, not {_written(node, value)}"
        elif kind == "minLength":
            message = "must not be empty"
        elif kind == "maxLength":
            message = f"is {len(value)} characters long; at most {error.validator_value} are allowed"
        elif kind == "pattern":
            message = f"{_written(node, value)} " + _PATTERNS.get(
                error.validator_value, f"must match {error.validator_value}"
            )
        elif kind == "enum":
            allowed = ", ".join(str(choice) or '""' for choice in error.validator_value)
            message = f"{_written(node, value)} is not one of: {allowed}"
        elif kind == "minItems":
            message = f"needs at least {error.validator_value} items"
        elif kind == "uniqueItems":
            message = "lists the same value more than once"
        elif kind in ("minimum", "maximum"):
            word = "at least" if kind == "minimum" else "at most"
            message = f"must be {word} {error.validator_value}, not {value}"
        else:
            message = error.message
        errors.append(FrameworkError(_line(node), where, message))
    return errors


def _written(node: yaml.Node | None, value: Any) -> str:
    """A value as the file wrote it (``no``, not ``False``), quoted when it is text."""
    if isinstance(node, yaml.ScalarNode) and not isinstance(value, str):
        return node.value or "nothing"
    return repr(value)


def _read_as(node: yaml.Node | None, value: Any) -> str:
    """What YAML made of an unquoted value meant as text: "a yes/no value", "a date"…, or ""."""
    if not isinstance(node, yaml.ScalarNode) or not node.value or node.style:
        return ""
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, date):
        return "a date"
    if value is None:
        return "an empty value"
    return ""


def _schema_read(text: str, schema: dict) -> tuple[Any, yaml.Node | None, tuple[FrameworkError, ...]]:
    """The data, its nodes and what the schema finds wrong; raises only when the file is not a set of fields."""
    data, root = _parse(text)
    twice = list(_duplicate_fields(root, ""))
    if not isinstance(data, dict):
        raise FrameworkFileError(
            twice or [FrameworkError(_line(root), "", "the file must be a set of fields, such as slug: …")]
        )
    return data, root, (*twice, *_schema_errors(data, root, schema))


def _schema_checked(text: str, schema: dict) -> tuple[Any, yaml.Node | None]:
    data, root, errors = _schema_read(text, schema)
    if errors:
        raise FrameworkFileError(errors[:_MAX_ERRORS])
    return data, root


# --- reading a framework file -----------------------------------------------------------------


@dataclass
class ElementSpec:
    key: str
    parent_key: str | None
    values: dict[str, Any]
    include: str = ""
    included_from: Element | None = None
    line: int = 0
    path: str = ""
    depth: int = 0
    sort_order: int = 0


@dataclass
class FrameworkSpec:
    slug: str
    version: str
    values: dict[str, Any]
    elements: list[ElementSpec] = field(default_factory=list)
    checksum: str = ""


@lru_cache(maxsize=16)
def _parsed(text: str) -> tuple[Any, yaml.Node | None, tuple[FrameworkError, ...]]:
    """Parse and schema-check a file once per text (the shipped files are read on every load)."""
    return _schema_read(text, FRAMEWORK_SCHEMA)


def read_framework_text(text: str, *, organisation=None) -> FrameworkSpec:
    """Check a framework file and resolve its includes; raises FrameworkFileError.

    The checks a schema cannot make run on the parts of the file whose shape is right, so every
    problem is reported at once, whatever kind it is."""
    data, root, schema_errors = _parsed(text)
    data = copy.deepcopy(data)
    errors: list[FrameworkError] = []
    slug = data.get("slug") if isinstance(data.get("slug"), str) else ""
    if not isinstance(data.get("rating_scale"), list):
        data["rating_scale"] = []
    if not isinstance(data.get("elements"), list):
        data["elements"] = []
    if organisation is not None and slug and Framework.objects.filter(organisation__isnull=True, slug=slug).exists():
        # A council's framework of a shipped slug would hide the shipped one wherever frameworks
        # are picked by slug (includes, the crosswalk file): its slug must be its own.
        errors.append(
            FrameworkError(
                _line(_child(root, "slug")),
                "slug",
                f"{slug} is the slug of a framework that comes with Ascent: give your framework a slug of "
                "its own, such as your council's name and the framework's",
            )
        )
    errors.extend(_scale_errors(data["rating_scale"], root))
    specs = list(_flatten(data["elements"], _child(root, "elements"), "elements", None))
    if len(specs) > MAX_ELEMENTS:
        raise FrameworkFileError(
            [
                FrameworkError(
                    _line(_child(root, "elements")), "elements", f"a framework has at most {MAX_ELEMENTS:,} elements"
                )
            ]
        )
    _resolve_includes(specs, slug, organisation, errors)
    by_key: dict[str, ElementSpec] = {}
    # An element included by reference takes key, kind and title from its source (when the
    # include failed, _resolve_includes has said so).
    errors.extend(
        FrameworkError(spec.line, _join(spec.path, name), f"{name} is missing")
        for spec in specs
        if not spec.include
        for name in ("key", "kind", "title")
        if not (spec.key if name == "key" else spec.values.get(name))
    )
    for spec in specs:
        if not spec.key or spec.include:  # an include that failed has been reported already
            continue
        if spec.key in by_key:
            errors.append(
                FrameworkError(
                    spec.line,
                    _join(spec.path, "key"),
                    f"key {spec.key} is already used by another element (line {by_key[spec.key].line})",
                )
            )
            continue
        by_key[spec.key] = spec
    errors.extend(
        FrameworkError(
            spec.line, _join(spec.path, "parent"), "it is nested under one element but names another as parent"
        )
        for spec in specs
        if spec.parent_key == "\0conflict"
    )
    errors.extend(
        FrameworkError(spec.line, _join(spec.path, "parent"), f"no element in this file has the key {spec.parent_key}")
        for spec in specs
        if spec.parent_key is not None and spec.parent_key != "\0conflict" and spec.parent_key not in by_key
    )
    if not errors:
        errors.extend(_order(specs, by_key))
    if (
        not errors
        and specs
        and not any(spec.values.get("is_rated") is True for spec in specs)
        and not any(error.field.endswith(".rated") for error in schema_errors)
    ):
        errors.append(
            FrameworkError(
                _line(_child(root, "elements")), "elements", "no element is rated: mark at least one rated: true"
            )
        )
    # A field the schema found wrong is reported once, in the schema's words.
    wrong = {error.field for error in schema_errors}
    errors = [*schema_errors, *(error for error in errors if error.field not in wrong)]
    if errors:
        raise FrameworkFileError(errors[:_MAX_ERRORS])
    values = {name: data.get(name, default) for name, default in FRAMEWORK_DEFAULTS.items()}
    values["rating_scale"] = [{"colour": "grey", "description": "", **level} for level in data["rating_scale"]]
    checksum_source = {"data": data, "includes": {s.key: s.included_from.pk for s in specs if s.included_from}}
    checksum = hashlib.sha256(json.dumps(checksum_source, sort_keys=True, default=str).encode()).hexdigest()
    ordered = sorted(specs, key=lambda spec: spec.sort_order)
    return FrameworkSpec(slug, data["version"], values, ordered, checksum)


def _scale_errors(scale: list[dict], root) -> Iterable[FrameworkError]:
    seen_values: dict[str, int] = {}
    seen_scores: dict[int, int] = {}
    for index, level in enumerate(scale):
        node, where = _locate(root, ["rating_scale", index])
        if (
            not isinstance(level, dict)
            or not isinstance(level.get("value"), str)
            or type(level.get("score")) is not int
        ):
            continue  # the schema has said what is wrong with it
        if level["value"] in seen_values:
            yield FrameworkError(
                _line(_child(node, "value") or node),
                f"{where}.value",
                f"value {level['value']} is already used by level {seen_values[level['value']]} of the scale",
            )
        if level["score"] in seen_scores:
            yield FrameworkError(
                _line(_child(node, "score") or node),
                f"{where}.score",
                f"score {level['score']} is already used by level {seen_scores[level['score']]}: "
                "each level needs its own score, higher for better",
            )
        seen_values.setdefault(level["value"], index + 1)
        seen_scores.setdefault(level["score"], index + 1)


def _flatten(items: list[dict], list_node, path: str, nested_parent: str | None) -> Iterable[ElementSpec]:
    for index, item in enumerate(items):
        node = _child(list_node, index)
        where = f"{path}[{index + 1}]"
        if not isinstance(item, dict):
            continue  # the schema has said what is wrong with it
        item = {
            name: value
            for name, value in item.items()
            if name not in ("key", "parent", "include") or isinstance(value, str)
        }
        parent = item.get("parent")
        values = {
            name: item[name]
            for name in ("code", "kind", "title", "description", "we_statement", "i_statements")
            if name in item
        }
        if "rated" in item:
            values["is_rated"] = item["rated"]
        spec = ElementSpec(
            # An included element without a key of its own keeps its source's key.
            key=item.get("key") or item.get("include", "").partition(":")[2],
            parent_key=nested_parent if parent is None else parent,
            values=values,
            include=item.get("include", ""),
            line=_line(node),
            path=where,
        )
        if parent is not None and nested_parent is not None:
            # Both nested and naming a parent: one must win, and the file should say which.
            spec.parent_key = parent if parent == nested_parent else "\0conflict"
        yield spec
        if isinstance(item.get("children"), list):
            yield from _flatten(item["children"], _child(node, "children"), f"{where}.children", spec.key or None)


def _resolve_includes(specs: list[ElementSpec], slug: str, organisation, errors: list[FrameworkError]) -> None:
    wanted = {spec.include.partition(":")[0] for spec in specs if spec.include}
    if not wanted:
        return
    owners = Q(organisation__isnull=True) | (Q(organisation=organisation) if organisation is not None else Q(pk__in=[]))
    frameworks: dict[str, Framework] = {}
    # The council's own framework of a slug comes before a shipped one of the same slug.
    for framework in Framework.objects.current().filter(owners, slug__in=wanted).order_by("organisation_id", "-pk"):
        if framework.slug not in frameworks or framework.organisation_id is not None:
            frameworks[framework.slug] = framework
    elements = {
        (element.framework_id, element.key): element
        for element in Element.objects.filter(framework__in=list(frameworks.values()))
    }
    for spec in specs:
        if not spec.include:
            continue
        where = _join(spec.path, "include")
        source_slug, _, key = spec.include.partition(":")
        if source_slug == slug:
            errors.append(
                FrameworkError(spec.line, where, "an element cannot include another element of the same framework")
            )
            continue
        framework = frameworks.get(source_slug)
        if framework is None:
            errors.append(FrameworkError(spec.line, where, f"there is no framework {source_slug} to include from"))
            continue
        element = elements.get((framework.pk, key))
        if element is None:
            errors.append(FrameworkError(spec.line, where, f"{framework.name} has no element with the key {key}"))
            continue
        spec.included_from = element
        spec.key = spec.key or element.key
        for name in ELEMENT_DEFAULTS:
            spec.values.setdefault(name, getattr(element, name))
        spec.values["title"] = element.title  # an included element keeps its source's title
        spec.include = ""


def _order(specs: list[ElementSpec], by_key: dict[str, ElementSpec]) -> list[FrameworkError]:
    """Set depth and sort order (the tree's order, parents before children); report cycles."""
    errors = []
    children: dict[str | None, list[ElementSpec]] = {}
    for spec in specs:
        if spec.parent_key == "\0conflict":
            errors.append(
                FrameworkError(
                    spec.line, _join(spec.path, "parent"), "it is nested under one element but names another as parent"
                )
            )
        children.setdefault(spec.parent_key, []).append(spec)
    if errors:
        return errors
    position = 0
    placed: set[str] = set()

    def walk(parent: str | None, depth: int) -> None:
        nonlocal position
        for spec in children.get(parent, []):
            position += 1
            spec.depth, spec.sort_order = depth, position
            placed.add(spec.key)
            walk(spec.key, depth + 1)

    walk(None, 0)
    errors.extend(
        FrameworkError(
            spec.line, _join(spec.path, "parent"), "its parents lead back to itself, so it has no place in the tree"
        )
        for spec in specs
        if spec.key not in placed
    )
    return errors


# --- saving ---------------------------------------------------------------------------------


def _revision_label(version: str, framework_slug: str, organisation) -> str:
    taken = set(
        Framework.objects.filter(slug=framework_slug, organisation=organisation).values_list("version", flat=True)
    )
    number = 2
    while f"{version} (revision {number})" in taken:
        number += 1
    return f"{version} (revision {number})"


def _declares(framework: Framework, version: str) -> bool:
    return framework.version == version or framework.version.startswith(f"{version} (revision ")


def load_framework(text: str, *, organisation=None, user=None) -> tuple[Framework, str]:
    """Load a framework file; returns the framework version and created / updated / unchanged."""
    spec = read_framework_text(text, organisation=organisation)
    with transaction.atomic():
        current = (
            Framework.objects.filter(slug=spec.slug, organisation=organisation)
            .current()
            .select_for_update(of=("self",))
            .order_by("-pk")
            .first()
        )
        if current is not None and current.source_checksum == spec.checksum:
            return current, UNCHANGED
        if current is None:
            if Framework.objects.filter(slug=spec.slug, organisation=organisation, version=spec.version).exists():
                raise FrameworkFileError([FrameworkError(0, "version", f"version {spec.version} already exists")])
            return _create(spec, organisation, user, previous=None, version=spec.version), CREATED
        if _declares(current, spec.version):
            if not current.is_in_use():
                return _update(current, spec, user)
            version = _revision_label(spec.version, spec.slug, organisation)
            return _create(spec, organisation, user, previous=current, version=version), CREATED
        if Framework.objects.filter(slug=spec.slug, organisation=organisation, version=spec.version).exists():
            raise FrameworkFileError(
                [
                    FrameworkError(
                        0,
                        "version",
                        f"version {spec.version} is an older version of {current.name}; "
                        f"the newest is {current.version}. Give the file a new version",
                    )
                ]
            )
        return _create(spec, organisation, user, previous=current, version=spec.version), CREATED


def load_framework_text(text: str, *, organisation=None, user=None) -> Framework:
    """Load a framework file (see :func:`load_framework`); returns the framework version."""
    return load_framework(text, organisation=organisation, user=user)[0]


def _element_values(spec: ElementSpec) -> dict[str, Any]:
    values = {name: spec.values.get(name, default) for name, default in ELEMENT_DEFAULTS.items()}
    values.update(depth=spec.depth, sort_order=spec.sort_order, included_from=spec.included_from)
    return values


def _create(spec: FrameworkSpec, organisation, user, *, previous: Framework | None, version: str) -> Framework:
    framework = Framework(
        organisation=organisation,
        slug=spec.slug,
        version=version,
        previous_version=previous,
        source_checksum=spec.checksum,
        **spec.values,
    )
    framework._history_user = user
    framework.save()
    # One insert (and one for their history) per level of the tree: parents get their ids first.
    created: dict[str, Element] = {}
    for depth in sorted({element_spec.depth for element_spec in spec.elements}):
        level = [
            Element(
                framework=framework,
                key=element_spec.key,
                parent=created[element_spec.parent_key] if element_spec.parent_key else None,
                **_element_values(element_spec),
            )
            for element_spec in spec.elements
            if element_spec.depth == depth
        ]
        for element in bulk_create_with_history(level, Element, default_user=user):
            created[element.key] = element
    if previous is not None:
        _copy_mappings(previous, created, user)
    return framework


def _copy_mappings(previous: Framework, new_elements: dict[str, Element], user) -> None:
    """Carry the crosswalk of the old version's elements over to the new elements of the same key."""
    old = {element.pk: element.key for element in previous.elements.all()}
    rows = ElementMapping.objects.filter(Q(source_id__in=old) | Q(target_id__in=old))
    for row in rows:
        source = new_elements.get(old[row.source_id]) if row.source_id in old else row.source
        target = new_elements.get(old[row.target_id]) if row.target_id in old else row.target
        if source is None or target is None:
            continue
        if ElementMapping.objects.filter(organisation=row.organisation_id, source=source, target=target).exists():
            continue
        copy = ElementMapping(
            organisation_id=row.organisation_id, source=source, target=target, is_hidden=row.is_hidden, note=row.note
        )
        copy._history_user = user
        copy.save()


def _update(framework: Framework, spec: FrameworkSpec, user) -> tuple[Framework, str]:
    changed = False
    framework_fields = [name for name, value in spec.values.items() if getattr(framework, name) != value]
    if framework_fields:
        for name in framework_fields:
            setattr(framework, name, spec.values[name])
        framework._history_user = user
        framework.save()
        changed = True
    existing = {element.key: element for element in framework.elements.all()}
    placed: dict[str, Element] = {}
    for element_spec in spec.elements:
        values = _element_values(element_spec)
        parent = placed.get(element_spec.parent_key) if element_spec.parent_key else None
        element = existing.get(element_spec.key)
        if element is None:
            element = Element(framework=framework, key=element_spec.key, parent=parent, **values)
        else:
            differs = [name for name, value in values.items() if getattr(element, name) != value]
            if element.parent_id != (parent.pk if parent else None):
                differs.append("parent")
            if not differs:
                placed[element.key] = element
                continue
            element.parent = parent
            for name, value in values.items():
                setattr(element, name, value)
        element._history_user = user
        element.save()
        placed[element.key] = element
        changed = True
    removed = [element for key, element in existing.items() if key not in placed]
    for element in sorted(removed, key=lambda element: -element.depth):
        element._history_user = user
        try:
            element.delete()
        except ProtectedError:
            raise FrameworkFileError(
                [
                    FrameworkError(
                        0,
                        "elements",
                        f"element {element.key} is no longer in the file, but another framework includes it "
                        "or a self-assessment rates it, so it cannot be removed",
                    )
                ]
            ) from None
        changed = True
    Framework.objects.filter(pk=framework.pk).update(source_checksum=spec.checksum)
    framework.source_checksum = spec.checksum
    return framework, UPDATED if changed else UNCHANGED


def shipped_file_texts() -> list[tuple[str, str]]:
    """(file name, text) of each shipped framework file, in loading order."""
    return [(name, (DATA_DIR / name).read_text(encoding="utf-8")) for name in SHIPPED_FILES]


def load_shipped_frameworks(user=None) -> list[tuple[Framework, str]]:
    """Load every shipped framework file; safe to run again (see :func:`load_framework`)."""
    results = []
    with transaction.atomic():
        for name, text in shipped_file_texts():
            try:
                results.append(load_framework(text, user=user))
            except FrameworkFileError as error:
                raise FrameworkFileError(
                    [FrameworkError(e.line, f"{name}: {e.field}" if e.field else name, e.message) for e in error.errors]
                ) from None
    return results


# --- writing a framework back out -----------------------------------------------------------


def framework_to_yaml(framework: Framework, *, version: str | None = None) -> str:
    """A framework version as a file in the same format, which loads back to the same tree.

    For downloading a framework, or starting a council's new version from a copy (pass the
    new ``version``). Elements included by reference are written as ``include``."""
    elements = list(framework.elements.select_related("included_from__framework").order_by("sort_order", "pk"))
    children: dict[int | None, list[Element]] = {}
    for element in elements:
        children.setdefault(element.parent_id, []).append(element)

    def write(element: Element) -> dict[str, Any]:
        item: dict[str, Any] = {}
        if element.included_from_id:
            source = element.included_from
            item["include"] = f"{source.framework.slug}:{source.key}"
            if element.key != source.key:
                item["key"] = element.key
        else:
            item["key"] = element.key
        for name in ("code", "kind", "title", "description", "we_statement", "i_statements"):
            value = getattr(element, name)
            if value and not (name == "title" and element.included_from_id):
                item[name] = list(value) if name == "i_statements" else value
        item["rated"] = element.is_rated
        if element.pk in children:
            item["children"] = [write(child) for child in children[element.pk]]
        return item

    data: dict[str, Any] = {"slug": framework.slug, "name": framework.name, "version": version or framework.version}
    for name in ("short_name", "source", "description", "scoring", "top_risks", "evidence_categories"):
        value = getattr(framework, name)
        if value:
            data[name] = value
    data["rating_scale"] = [
        {name: getattr(level, name) for name in ("value", "label", "score", "favourable", "colour", "description")}
        for level in framework.scale
    ]
    data["elements"] = [write(element) for element in children.get(None, [])]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
