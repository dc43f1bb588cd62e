"""A framework written as plain text: the elements one a line, and the rating scale one level a line.

The define and change forms take a council's framework as two text boxes, because a tree of
elements is far quicker to type (or paste from a Word document) as an outline than through
one form per element. This module reads and writes that text; it touches no database, so
every rule is tested in milliseconds.

**Elements**, one a line, top level first::

    1 Leadership
      Governance: Clear lines of accountability
    1.1 Strategic planning
    include cqc-la-assessment:qs-8

- A line indented further than the line above is its child (spaces; a tab counts as four).
- Or a line starting with a number such as ``1.2`` is the child of the line numbered ``1``,
  wherever it is indented; the number is its code.
- ``CODE: title`` gives a code (no spaces, up to 20 characters) before the title.
- ``include <framework>:<element>`` takes an element of another framework by reference (its
  code, title, kind and statements); the detail page of each framework shows each element's
  reference. Its children are not copied.
- Blank lines and lines starting with ``#`` are skipped.

**Rating scale**, one level a line, lowest first: ``label | colour | favourable``; the
colour (green, amber, red or grey) and the word "favourable" are optional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.text import slugify

MAX_ELEMENTS = 500
MAX_DEPTH = 5
MAX_LEVELS = 10
COLOURS = ("green", "amber", "red", "grey")

NUMBERED = re.compile(r"(?P<number>\d+(?:\.\d+)*)\.?\s+(?P<rest>.+)")
INCLUDE = re.compile(r"include\s+(?P<framework>[A-Za-z0-9_-]+)\s*:\s*(?P<element>[A-Za-z0-9_-]+)", re.IGNORECASE)
CODED = re.compile(r"(?P<code>[^\s:]{1,20}):\s+(?P<title>.+)")


@dataclass(frozen=True)
class Problem:
    """Something wrong with one line of the text: a line number (1 first) and what is wrong."""

    line: int
    message: str


@dataclass
class OutlineLine:
    line: int
    depth: int
    parent: int | None  # index into the list of lines
    code: str = ""
    title: str = ""
    include: tuple[str, str] | None = None  # (framework slug, element key)
    number: str = ""

    @property
    def reference(self) -> str:
        return f"{self.include[0]}:{self.include[1]}" if self.include else ""


def parse_outline(text: str) -> tuple[list[OutlineLine], list[Problem]]:
    """The elements of an outline in order, each with its parent, and every problem found."""
    lines: list[OutlineLine] = []
    problems: list[Problem] = []
    numbered: dict[str, int] = {}
    stack: list[tuple[int, int]] = []  # (indent, index) of the open ancestors
    for number, raw in enumerate(text.splitlines(), start=1):
        content = raw.expandtabs(4).rstrip()
        stripped = content.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(content) - len(stripped)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1] if stack else None
        item = OutlineLine(line=number, depth=0, parent=parent)
        match = NUMBERED.fullmatch(stripped)
        if match:
            item.number = match["number"]
            stripped = match["rest"].strip()
            parent_number = item.number.rpartition(".")[0]
            if item.number in numbered:
                problems.append(Problem(number, f"the number {item.number} is used twice"))
            if not parent_number:
                item.parent = None
            elif parent_number in numbered:
                item.parent = numbered[parent_number]
            else:
                problems.append(
                    Problem(number, f"{item.number} needs a line numbered {parent_number} above it, to be its parent")
                )
                item.parent = None
        include = INCLUDE.fullmatch(stripped)
        coded = CODED.fullmatch(stripped)
        if include:
            item.include = (include["framework"].lower(), include["element"].lower())
        elif stripped.lower().startswith("include "):
            problems.append(
                Problem(
                    number,
                    "write an included element as “include framework:element”, such as include cqc-la-assessment:qs-7",
                )
            )
        elif coded:
            item.code, item.title = coded["code"], coded["title"].strip()
        else:
            item.code, item.title = item.number, stripped
        if not item.include and not item.code:
            item.code = item.number
        if len(item.title) > 300:
            problems.append(Problem(number, "the title must be 300 characters or fewer"))
        item.depth = 0 if item.parent is None else lines[item.parent].depth + 1
        if item.depth >= MAX_DEPTH:
            problems.append(Problem(number, f"an element can be at most {MAX_DEPTH} levels deep"))
        index = len(lines)
        lines.append(item)
        if item.number and item.number not in numbered:
            numbered[item.number] = index
        stack.append((indent, index))
    if not lines:
        problems.append(Problem(0, "enter at least one element"))
    elif len(lines) > MAX_ELEMENTS:
        problems.append(Problem(0, f"a framework can have at most {MAX_ELEMENTS} elements"))
    return lines, problems


def element_keys(lines: list[OutlineLine]) -> list[str]:
    """A stable key for each line: from its code, else its title; an included element keeps its own key.

    The same text gives the same keys, so a new version matches its elements to the last one's.
    """
    keys: list[str] = []
    taken: set[str] = set()
    for item in lines:
        name = (item.code or item.title).replace(".", "-")  # 1.1 and 11 stay apart
        base = item.include[1] if item.include else slugify(name)[:70] or "element"
        key, n = base, 2
        while key in taken:
            key, n = f"{base[:76]}-{n}", n + 1
        taken.add(key)
        keys.append(key)
    return keys


def outline_text(elements) -> str:
    """The outline of a framework's elements (in tree order), to edit as a new version."""
    depth_of: dict[int, int] = {}
    out = []
    for element in elements:
        depth = 0 if element.parent_id is None else depth_of.get(element.parent_id, -1) + 1
        depth_of[element.pk] = depth
        if element.included_from_id is not None and element.included_from is not None:
            source = element.included_from
            line = f"include {source.framework.slug}:{source.key}"
        elif element.code and " " not in element.code and ":" not in element.code:
            line = f"{element.code}: {element.title}"
        else:
            line = element.title
        out.append("  " * depth + line)
    return "\n".join(out)


def parse_scale(text: str) -> tuple[list[dict], list[Problem]]:
    """Rating scale levels (``ScaleLevel`` fields), lowest first, and every problem found."""
    levels: list[dict] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        parts = [part.strip() for part in raw.split("|")]
        label = parts[0]
        if not label and not any(parts):
            continue
        if not label:
            problems.append(Problem(number, "start the line with the level's label"))
            continue
        if len(label) > 100:
            problems.append(Problem(number, "the label must be 100 characters or fewer"))
        colour, favourable = "grey", False
        for part in parts[1:]:
            word = part.lower()
            if word in COLOURS:
                colour = word
            elif word == "favourable":
                favourable = True
            elif word:
                problems.append(
                    Problem(number, f"“{part}” is neither a colour (green, amber, red or grey) nor the word favourable")
                )
        value = slugify(label)[:40] or str(len(levels) + 1)
        if value in seen:
            problems.append(Problem(number, f"the level “{label}” is on the scale twice"))
        seen.add(value)
        levels.append(
            {
                "value": value,
                "label": label,
                "score": len(levels) + 1,
                "favourable": favourable,
                "colour": colour,
                "description": "",
            }
        )
    if not problems and len(levels) < 2:
        problems.append(Problem(0, "enter at least two levels, one a line"))
    elif len(levels) > MAX_LEVELS:
        problems.append(Problem(0, f"a scale can have at most {MAX_LEVELS} levels"))
    return levels, problems


def scale_text(levels) -> str:
    """The text of a rating scale (``ScaleLevel`` objects, lowest first)."""
    lines = []
    for level in levels:
        parts = [level.label]
        if level.colour and level.colour != "grey":
            parts.append(level.colour)
        if level.favourable:
            parts.append("favourable")
        lines.append(" | ".join(parts))
    return "\n".join(lines)
