"""The JSON Schema a framework file must meet (docs/dev/framework-yaml.md describes it).

The schema checks the shape of the file: which fields there are, their types and lengths.
:mod:`ascent.frameworks.loading` checks what a schema cannot: unique element keys, parents
that exist, a scale with distinct values and scores, and elements included by reference.
Lengths follow the model fields, so a file that passes is never refused by the database.
"""

from __future__ import annotations

from ascent.evidence.models import EvidenceKind

from .models import Element, Framework

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: An element taken from another framework: "framework-slug:element-key".
INCLUDE_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*:[a-z0-9]+(?:-[a-z0-9]+)*$"
COLOURS = ["green", "amber", "red", "grey"]


def _length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


def _text(model=None, field: str | None = None, *, required: bool = True) -> dict:
    schema: dict = {"type": "string"}
    if required:
        schema["minLength"] = 1
    if model is not None and field is not None:
        schema["maxLength"] = _length(model, field)
    return schema


SCALE_LEVEL = {
    "type": "object",
    "additionalProperties": False,
    "required": ["value", "label", "score", "favourable"],
    "properties": {
        "value": {"type": "string", "minLength": 1, "maxLength": 40},
        "label": {"type": "string", "minLength": 1, "maxLength": 100},
        "score": {"type": "integer", "minimum": 0, "maximum": 100},
        "favourable": {"type": "boolean"},
        "colour": {"enum": COLOURS},
        "description": {"type": "string"},
    },
}

ELEMENT = {
    "type": "object",
    "additionalProperties": False,
    # key, kind and title are required unless the element is included by reference (when
    # they are copied from the element it names); the loader checks that, naming the field.
    "properties": {
        "key": {**_text(Element, "key"), "pattern": SLUG_PATTERN},
        "include": {"type": "string", "pattern": INCLUDE_PATTERN},
        "code": _text(Element, "code", required=False),
        "kind": _text(Element, "kind"),
        "title": _text(Element, "title"),
        "description": {"type": "string"},
        "rated": {"type": "boolean"},
        "we_statement": {"type": "string"},
        "i_statements": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "parent": {**_text(Element, "key"), "pattern": SLUG_PATTERN},
        "children": {"type": "array", "items": {"$ref": "#/$defs/element"}},
    },
}

FRAMEWORK_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["slug", "name", "version", "rating_scale", "elements"],
    "$defs": {"element": ELEMENT, "level": SCALE_LEVEL},
    "properties": {
        "slug": {**_text(Framework, "slug"), "pattern": SLUG_PATTERN},
        "name": _text(Framework, "name"),
        "short_name": _text(Framework, "short_name", required=False),
        "version": _text(Framework, "version"),
        "source": {"type": "string"},
        "description": {"type": "string"},
        "scoring": {"enum": list(Framework.Scoring.values)},
        "top_risks": {"type": "integer", "minimum": 0, "maximum": 10},
        "evidence_categories": {
            "type": "array",
            "items": {"enum": list(EvidenceKind.values)},
            "uniqueItems": True,
        },
        "rating_scale": {"type": "array", "minItems": 2, "items": {"$ref": "#/$defs/level"}},
        "elements": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/element"}},
    },
}

CROSSWALK_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["mappings"],
    "properties": {
        "mappings": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["from", "to"],
                "properties": {
                    "from": {"type": "string", "pattern": INCLUDE_PATTERN},
                    "to": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"type": "string", "pattern": INCLUDE_PATTERN},
                    },
                    "note": {"type": "string", "maxLength": 300},
                },
            },
        }
    },
}
