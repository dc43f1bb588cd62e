"""How well the letter import reads each test letter: items found right, found wrong, and missed.

    .venv/bin/python scripts/letter_import_accuracy.py [--json]

For every letter in tests/reviews/letters/ (one a layout) it reads the file, proposes the
review (``ascent.reviews.letter_import``) and compares the proposal with what a careful
person would take from it (tests/reviews/letters/expected/<layout>.json):

- **right**: an expected item was proposed with the right text (near enough: extra spaces
  or a wrapped line do not count) and the right details (a finding's kind and heading; a
  recommendation's number and kind; a team member's role and organisation);
- **wrong**: an item was proposed but with a wrong detail, or proposed where there is none
  (a sentence of the introduction taken for a finding, say);
- **missed**: an expected item that nothing proposed matches.

No database is used. The figures go in the closing note of issue 11.
"""

from __future__ import annotations

import difflib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LETTERS = ROOT / "tests" / "reviews" / "letters"
#: How alike two texts must be (difflib's ratio, after folding spaces and case) to be one item.
SAME_TEXT = 0.9
PARTS = {
    "scope": ("text", ()),
    "team": ("name", ("role", "organisation")),
    "findings": ("text", ("kind", "heading")),
    "recommendations": ("text", ("number", "kind")),
}


def _fold(text) -> str:
    return " ".join(str(text or "").lower().split())


def score(proposal: dict, expected: dict) -> dict[str, dict[str, int]]:
    """{part: {"right", "wrong", "missed"}} for each of scope, team, findings, recommendations."""
    result = {}
    for part, (key, details) in PARTS.items():
        proposed = list(proposal.get(part, []))
        right = wrong = missed = 0
        for want in expected.get(part, []):
            best, best_ratio = None, 0.0
            for candidate in proposed:
                ratio = difflib.SequenceMatcher(None, _fold(want[key]), _fold(candidate.get(key))).ratio()
                if ratio > best_ratio:
                    best, best_ratio = candidate, ratio
            if best is None or best_ratio < SAME_TEXT:
                missed += 1
                continue
            proposed.remove(best)
            if all(_fold(best.get(detail)) == _fold(want.get(detail)) for detail in details):
                right += 1
            else:
                wrong += 1
        wrong += len(proposed)  # proposed, but nothing like it is in the letter
        result[part] = {"right": right, "wrong": wrong, "missed": missed}
    return result


def letter_files() -> list[tuple[str, Path, Path]]:
    found = []
    for expected in sorted((LETTERS / "expected").glob("*.json")):
        name = expected.stem
        files = [path for path in LETTERS.glob(f"{name}.*") if path.suffix in (".docx", ".pdf", ".txt")]
        if files:
            found.append((name, files[0], expected))
    return found


def run() -> dict[str, dict]:
    from ascent.reviews.letter_import import propose, read

    results = {}
    for name, path, expected_path in letter_files():
        data = path.read_bytes()
        source = data.decode("utf-8") if path.suffix == ".txt" else data  # pasted text arrives as text
        _kind, text = read(source)
        results[name] = score(propose(text), json.loads(expected_path.read_text(encoding="utf-8")))
    return results


def table(results: dict[str, dict]) -> str:
    lines = [
        "| layout | part | right | wrong | missed |",
        "|---|---|---:|---:|---:|",
    ]
    totals = {"right": 0, "wrong": 0, "missed": 0}
    for name, parts in results.items():
        for part, counts in parts.items():
            lines.append(f"| {name} | {part} | {counts['right']} | {counts['wrong']} | {counts['missed']} |")
            for key in totals:
                totals[key] += counts[key]
    lines.append(f"| all | all | {totals['right']} | {totals['wrong']} | {totals['missed']} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ascent.settings")
    os.environ.setdefault("ASCENT_ENV", "test")
    import django

    django.setup()
    results = run()
    print(json.dumps(results, indent=2) if "--json" in argv else table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
