"""The one registry of assurance checks: ratings the evidence does not support.

A **check** is a named rule with a plain-language reason, registered by the app that owns
the data it looks at, in that app's ``checks.py`` (imported when Django starts, by
:class:`~ascent.assurance.apps.AssuranceConfig`)::

    @register(
        "assessments.favourable-over-red",
        title="Favourable rating over red indicators",
        reason="A rating that says things are going well should not sit on indicators that are off target.",
        app="assessments",
    )
    def favourable_over_red(facts: RatingFacts) -> str | None:
        ...  # a pure function over plain values: a specific sentence when it flags, else None

The check function decides; it touches no database. The owning app gathers the facts
(efficiently, for many records at once), runs its checks through :func:`run`, and turns
what they say into :class:`Flag` objects, each with a stable ``key`` so a justification
given at sign-off stays with its flag.

Pages find every open flag of a council through the ``flag_sources`` an app declares on
its ``Registration`` (``ascent.core.registry``): dotted paths of
``open_flags(organisation) -> list[Flag]``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Check:
    """A registered rule."""

    name: str  # "<app>.<rule>", unique across the product
    title: str  # short, for headings and filters: "Favourable rating over red indicators"
    reason: str  # why the rule exists, in plain language, shown beside every flag it raises
    app: str  # the app label of the owner
    function: Callable[..., str | None] = field(compare=False, repr=False)


#: Shown beside a flag raised on a version after it was signed off (it can no longer be justified there).
AFTER_SIGN_OFF = "Raised after this version was signed off: answer it in a new version."


@dataclass(frozen=True)
class Flag:
    """One open challenge: a check that fired for one record."""

    check: Check
    #: Stable across requests: "<check name>:<what it is about>", such as
    #: "assessments.favourable-over-red:rating:412".
    key: str
    #: The specific sentence: "Rated Good while 2 of 3 linked indicators are red: 2A(2), 1C(1A)".
    detail: str
    #: What it is about, as people read it: "QS7 Safeguarding, CQC 2024-25 (version 2)".
    subject: str
    #: Where to fix or answer it (a path), or "".
    url: str = ""
    #: The framework element it concerns, if any (for the element page).
    element_id: int | None = None
    #: Set when a justification was given at sign-off: the flag stays visible, marked justified.
    justification: str = ""
    #: Set when the flag is on a signed-off (locked) version and was not justified at its
    #: sign-off: it appeared afterwards and is answered in a new version, not in this one.
    after_sign_off: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_justified(self) -> bool:
        return bool(self.justification)

    @property
    def after_sign_off_note(self) -> str:
        """The plain sentence shown beside a flag raised after sign-off ("" for any other)."""
        return AFTER_SIGN_OFF if self.after_sign_off and not self.is_justified else ""

    @property
    def needs_answer(self) -> bool:
        """Open: neither justified at sign-off nor raised after it (where it cannot be answered)."""
        return not self.is_justified and not self.after_sign_off


def counts(flags) -> dict[str, int]:
    """How many flags are open (need an answer), raised after sign-off, and justified."""
    flags = list(flags)
    justified = sum(1 for flag in flags if flag.is_justified)
    after = sum(1 for flag in flags if not flag.is_justified and flag.after_sign_off)
    return {"open": len(flags) - justified - after, "after_sign_off": after, "justified": justified}


_CHECKS: dict[str, Check] = {}


def register(name: str, *, title: str, reason: str, app: str) -> Callable[[Callable], Callable]:
    """Register a check function under ``name``; raises if the name is taken."""

    def decorate(function: Callable) -> Callable:
        if name in _CHECKS and _CHECKS[name].function is not function:
            raise ImproperlyConfigured(f"The assurance check {name!r} is registered twice")
        if not reason.strip() or not title.strip():
            raise ImproperlyConfigured(f"The assurance check {name!r} needs a title and a plain-language reason")
        _CHECKS[name] = Check(name=name, title=title, reason=reason, app=app, function=function)
        return function

    return decorate


def checks(app: str | None = None) -> list[Check]:
    """Every registered check (or one app's), by name."""
    return sorted((c for c in _CHECKS.values() if app is None or c.app == app), key=lambda c: c.name)


def get_check(name: str) -> Check:
    try:
        return _CHECKS[name]
    except KeyError:
        raise LookupError(f"No assurance check is registered as {name!r}") from None


def run(name: str, *args, **kwargs) -> str | None:
    """Run one check: its sentence when it flags, else None."""
    return get_check(name).function(*args, **kwargs)


def open_flags(organisation) -> list[Flag]:
    """Every open flag of one council across the product, from every app's flag sources."""
    from ascent.core.registry import flag_sources

    flags: list[Flag] = []
    for path in flag_sources():
        flags.extend(import_string(path)(organisation))
    return flags


def open_flags_for(request, organisation) -> list[Flag]:
    """:func:`open_flags`, worked out once in a request: the Overview's panels share them."""
    memo = getattr(request, "_ascent_open_flags", None)
    if memo is None:
        memo = {}
        request._ascent_open_flags = memo
    if organisation.pk not in memo:
        memo[organisation.pk] = open_flags(organisation)
    return memo[organisation.pk]
