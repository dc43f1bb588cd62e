"""The virus-scan hook: an extension point for the installation's own scanner.

Ascent ships no virus scanner. An installation that has one (ClamAV, a cloud service) sets
``EVIDENCE_SCAN_HOOK`` to the dotted path of a function::

    def scan(file: django.core.files.File) -> ascent.evidence.scanning.ScanResult

It is called for every evidence file after its type and size have been checked and before
anything is stored, with the file open at its start (``file.name`` is the name it was
uploaded with, ``file.size`` its size in bytes). Return ``ScanResult.clean()`` to let the
file in (it is recorded as "No threat found") or ``ScanResult.infected("name of threat")``
to refuse it: nothing is stored and the person is told the file was refused. A hook that
raises is treated as a failed scan: the file is refused with "could not be checked", never
let through unchecked. With no hook set, files are stored as "Not scanned".

docs/deployment.md ("Evidence files") has an example for ClamAV.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScanResult:
    """What the scanner found: ``is_clean``, and the threat's name when it is not."""

    is_clean: bool
    threat: str = ""

    @classmethod
    def clean(cls) -> ScanResult:
        return cls(is_clean=True)

    @classmethod
    def infected(cls, threat: str = "") -> ScanResult:
        return cls(is_clean=False, threat=threat)


class ScanFailed(Exception):
    """The hook could not give an answer (it raised, or returned something else)."""


def scan_hook() -> Callable[[File], ScanResult] | None:
    """The installation's scan function, or None when ``EVIDENCE_SCAN_HOOK`` is not set."""
    path = getattr(settings, "EVIDENCE_SCAN_HOOK", None)
    return import_string(path) if path else None


def scan(file: File) -> ScanResult | None:
    """The hook's answer for ``file`` (None with no hook); raises :class:`ScanFailed`."""
    hook = scan_hook()
    if hook is None:
        return None
    file.seek(0)
    try:
        result = hook(file)
    except Exception as error:
        logger.exception("The evidence scan hook %s failed", settings.EVIDENCE_SCAN_HOOK)
        raise ScanFailed(str(error)) from error
    finally:
        file.seek(0)
    if not isinstance(result, ScanResult):
        logger.error("The evidence scan hook returned %r, not a ScanResult", result)
        raise ScanFailed("The scan hook gave no answer")
    return result
