"""Indicator codes as the national publications write them, read to the product's own codes.

The ASCOF publications and council papers write a measure's code in several ways: "1C(1A)",
"1C1A", "2A(2)", "ASCOF 2A", "ASCOF-1C1A", "3D part 1a". The product's codes are
``ASCOF-1C1A`` (the set used from 2014/15 to 2022/23) and ``ASCOF23-3D1A`` (the set from
2023/24). :func:`resolve` reads any of these forms:

* Normalised: case, spaces, hyphens, dots, underscores, brackets, the word "part" and a
  leading "ASCOF" are ignored, so "ascof 1c (1a)" is "1C1A".
* The right set by period: a bare code ("1A", "2A(2)") is looked up in the set in force for
  the value's period (the 2023/24 set from April 2023). A code of the 2014/15 to 2022/23 set
  used for a period from 2023/24 is read as its successor where the reference names one
  ("1C(1A) for 2023-24 read as 3D part 1a"); the other way round, a code found only in the
  2023/24 set, for an earlier period, is read as the measure it carries on.
* The product's own codes are taken as they are, except that an old-set code for a period
  from 2023/24 is read as its successor in the same way.
* A code that names more than one measure of the set ("2A" before 2023/24: parts 2A(1) and
  2A(2); "2D" from 2023/24: parts 1 and 2) is refused with a message listing them. An exact
  old code with a successor is read as that successor first ("3D(1)" from 2023/24 is 3A).

Each reading that is not the code as written carries a ``note`` the import preview shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

OLD_PREFIX = "ASCOF-"
NEW_PREFIX = "ASCOF23-"
#: The first day of the first period the 2023/24 set applies to.
NEW_SET_FROM = date(2023, 4, 1)

_IGNORED = re.compile(r"[\s\-_.()\[\]]+|PART")
_SHAPE = re.compile(r"^[1-6][A-Z](\d[A-Z]?)?$")


class CodeError(ValueError):
    """A code that cannot be read to one indicator; the message says why."""


def normalise(text: str) -> str:
    """``text`` without case, spaces, hyphens, dots, brackets, "part" or a leading "ASCOF"."""
    cleaned = _IGNORED.sub("", text.upper())
    if cleaned.startswith("ASCOF23"):
        return "23:" + cleaned[len("ASCOF23") :]
    if cleaned.startswith("ASCOF"):
        cleaned = cleaned[len("ASCOF") :]
    return cleaned


def published(code: str) -> str:
    """How the publications write a product code: ASCOF-1C1A → "1C(1A)", ASCOF23-3D1A → "3D part 1a"."""
    if code.startswith(NEW_PREFIX):
        bare = code[len(NEW_PREFIX) :]
        return f"{bare[:2]} part {bare[2:].lower()}" if len(bare) > 2 else bare
    if code.startswith(OLD_PREFIX):
        bare = code[len(OLD_PREFIX) :]
        return f"{bare[:2]}({bare[2:]})" if len(bare) > 2 else bare
    return code


@dataclass(frozen=True)
class Shipped:
    """What :func:`resolve` needs to know of one shipped indicator."""

    code: str
    successor: str = ""


@dataclass(frozen=True)
class Reading:
    """The product code a text was read as, and a note when that is not the code as written."""

    code: str
    note: str = ""


class Catalogue:
    """The shipped ASCOF codes, for reading published codes to them."""

    def __init__(self, indicators: Iterable[Shipped]):
        self.by_code = {indicator.code: indicator for indicator in indicators}
        self.old = {code[len(OLD_PREFIX) :]: code for code in self.by_code if code.startswith(OLD_PREFIX)}
        self.new = {code[len(NEW_PREFIX) :]: code for code in self.by_code if code.startswith(NEW_PREFIX)}
        self.predecessor = {
            indicator.successor: code for code, indicator in self.by_code.items() if indicator.successor
        }

    def _successor_note(self, written: str, old: str, label: str, *, own_code: bool = False) -> Reading:
        successor = self.by_code[old].successor
        if successor:
            return Reading(
                successor,
                f"{written} for {label} read as {published(successor)} ({successor}), its successor in the "
                "ASCOF set from 2023/24",
            )
        if own_code:  # the product's own code, as written: nothing to say
            return Reading(old)
        return Reading(old, f"{written} for {label}: the ASCOF set from 2023/24 names no successor, kept as {old}")

    def resolve(self, text: str, period_start: date, period_label: str) -> Reading | None:
        """The shipped code ``text`` means for a value of the period, or None if it is no ASCOF code.

        Raises :class:`CodeError` when the code names more than one measure.
        """
        written = " ".join(text.split())
        new_period = period_start >= NEW_SET_FROM
        upper = written.upper()
        if upper in self.by_code:  # the product's own code
            if new_period and upper.startswith(OLD_PREFIX):
                return self._successor_note(written, upper, period_label, own_code=True)
            return Reading(upper)
        key = normalise(written)
        if key.startswith("23:"):
            bare = key[3:]
            return self._pick(written, bare, self.new, "the ASCOF set from 2023/24") if bare else None
        if not _SHAPE.match(key):
            return None
        if new_period:
            if key in self.new:
                return Reading(self.new[key], self._as_written(written, self.new[key], period_label))
            # An exact old code with a successor is read as it ("3D(1)" → 3A); the start of new
            # codes otherwise names their parts ("2D" → 2D part 1 or part 2).
            if key in self.old and self.by_code[self.old[key]].successor:
                return self._successor_note(written, self.old[key], period_label)
            found = self._pick(written, key, self.new, "the ASCOF set from 2023/24", period_label)
            if found is not None or key not in self.old:
                return found
            return self._successor_note(written, self.old[key], period_label)
        if key in self.old:
            return Reading(self.old[key], self._as_written(written, self.old[key], period_label))
        found = self._pick(written, key, self.old, "the ASCOF set for 2014/15 to 2022/23", period_label)
        if found is not None or key not in self.new:
            return found
        code = self.new[key]
        before = self.predecessor.get(code)
        if before:
            return Reading(
                before,
                f"{written} for {period_label} read as {published(before)} ({before}), the 2014/15 to 2022/23 "
                f"measure that {published(code)} ({code}) carries on",
            )
        return Reading(code, f"{written} for {period_label} read as {code} (ASCOF from 2023/24)")

    @staticmethod
    def _as_written(written: str, code: str, label: str) -> str:
        return "" if written.upper() == code else f"{written} for {label} read as {code}"

    @staticmethod
    def _pick(written: str, key: str, codes: dict[str, str], set_name: str, label: str = "") -> Reading | None:
        """The one code of the set ``key`` names (exactly, or as the start of only one code)."""
        if key in codes:
            return Reading(codes[key])
        parts = sorted(code for bare, code in codes.items() if bare.startswith(key))
        if len(parts) > 1:
            when = f" for {label}" if label else ""
            choices = ", ".join(f"{published(code)} ({code})" for code in parts)
            raise CodeError(f"{written}{when} is more than one measure in {set_name}: give the part, one of {choices}")
        if len(parts) == 1:
            return Reading(parts[0], f"{written} read as {parts[0]}")
        return None


def matching(query: str, codes: Iterable[Shipped]) -> set[str]:
    """Shipped codes a search text names as a code, in either set, with their successors and
    predecessors: "1C(1A)" finds ASCOF-1C1A and ASCOF23-3D1A. Empty when it is no code."""
    catalogue = Catalogue(codes)
    key = normalise(query)
    found: set[str] = set()
    if key.startswith("23:"):
        bare = key[3:]
        found.update(code for b, code in catalogue.new.items() if bare and b == bare)
    elif _SHAPE.match(key):
        found.update(code for b, code in catalogue.old.items() if b == key)
        found.update(code for b, code in catalogue.new.items() if b == key)
    for code in list(found):
        successor = catalogue.by_code[code].successor
        if successor:
            found.add(successor)
        if code in catalogue.predecessor:
            found.add(catalogue.predecessor[code])
    return found
