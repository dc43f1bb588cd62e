"""Fake virus-scan hooks, named by dotted path in EVIDENCE_SCAN_HOOK by the tests."""

from __future__ import annotations

from ascent.evidence.scanning import ScanResult

SEEN: list[tuple[str, int, bytes]] = []


def infected(file) -> ScanResult:
    SEEN.append((file.name, file.size, file.read(5)))
    return ScanResult.infected("Eicar-Test-Signature")


def clean(file) -> ScanResult:
    SEEN.append((file.name, file.size, file.read(5)))
    return ScanResult.clean()


def broken(file) -> ScanResult:
    raise ConnectionRefusedError("clamd is not running")


def confused(file):
    return "OK"
