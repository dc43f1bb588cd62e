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

Where a layout's expected file gives them, the review's own details (title, kind, letter date,
scope style and key line of enquiry) are scored as a part "review", a team member's job title
with the member, and the scope item a finding answers with the finding.

When ../shared/seeds holds the two real letters (Herefordshire 2014, Harrow 2016), they are
scored too, against tests/reviews/letters/seeds.py (items pinned by key words; findings counted
by heading and kind); set ASCENT_SEEDS to read them from another folder.

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
#: Details scored only where the expected item gives them (the newer layouts do): a team
#: member's job title, and the number of the scope item a finding answers.
OPTIONAL_DETAILS = {"team": ("job_title",), "findings": ("scope",)}
#: The review's own details, scored where the expected file gives them ("review": {...}).
REVIEW_DETAILS = ("title", "kind", "letter_date", "scope_style", "key_line_of_enquiry")


def _fold(text) -> str:
    return " ".join(str(text or "").lower().split())


def _likeness(want: dict, key: str, candidate: dict) -> float:
    """How alike an expected item and a proposed one are; a seed item holds key words, not its text."""
    if "keywords" in want:
        text = _fold(candidate.get(key))
        return 1.0 if all(_fold(word) in text for word in want["keywords"]) else 0.0
    return difflib.SequenceMatcher(None, _fold(want[key]), _fold(candidate.get(key))).ratio()


def _score_groups(proposed: list[dict], groups: list[dict]) -> dict[str, int]:
    """Findings counted by heading and kind ("any" when the letter does not say the kind)."""
    right = wrong = missed = 0
    left = list(proposed)
    for group in groups:
        mine = [f for f in left if all(_fold(word) in _fold(f.get("heading")) for word in group["heading_keywords"])]
        left = [f for f in left if f not in mine]
        wanted = {kind: count for kind, count in group.items() if kind != "heading_keywords"}
        got = sum(
            min(count, len(mine)) if kind == "any" else min(count, sum(f["kind"] == kind for f in mine))
            for kind, count in wanted.items()
        )
        right += got
        extra = len(mine) - got  # under the heading but of the wrong kind, or more than there are
        short = sum(wanted.values()) - got
        wrong += extra
        missed += max(short - extra, 0)
    wrong += len(left)
    return {"right": right, "wrong": wrong, "missed": missed}


def score(proposal: dict, expected: dict) -> dict[str, dict[str, int]]:
    """{part: {"right", "wrong", "missed"}} for each of scope, team, findings, recommendations."""
    result = {}
    for part, (key, details) in PARTS.items():
        if part == "findings" and "finding_groups" in expected:
            result[part] = _score_groups(proposal.get(part, []), expected["finding_groups"])
            continue
        proposed = list(proposal.get(part, []))
        right = wrong = missed = 0
        for want in expected.get(part, []):
            best, best_ratio = None, 0.0
            for candidate in proposed:
                ratio = _likeness(want, key, candidate)
                if ratio > best_ratio:
                    best, best_ratio = candidate, ratio
            if best is None or best_ratio < SAME_TEXT:
                missed += 1
                continue
            proposed.remove(best)
            checked = list(details) + [d for d in OPTIONAL_DETAILS.get(part, ()) if d in want]
            if all(_fold(best.get(detail)) == _fold(want.get(detail)) for detail in checked):
                right += 1
            else:
                wrong += 1
        wrong += len(proposed)  # proposed, but nothing like it is in the letter
        result[part] = {"right": right, "wrong": wrong, "missed": missed}
    if "review" in expected:
        # Each detail given is right or wrong (a detail left empty that should be set is missed).
        review, right, wrong, missed = proposal.get("review", {}), 0, 0, 0
        for detail in REVIEW_DETAILS:
            if detail not in expected["review"]:
                continue
            want, got = _fold(expected["review"][detail]), _fold(review.get(detail))
            if want == got:
                right += 1
            elif not got:
                missed += 1
            else:
                wrong += 1
        result["review"] = {"right": right, "wrong": wrong, "missed": missed}
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
    results.update(run_seeds())
    return results


def run_seeds() -> dict[str, dict]:
    """The real letters in ../shared/seeds, when that folder is there (the project never needs it)."""
    from ascent.reviews.letter_import import propose, read
    from tests.reviews.letters.seeds import SEEDS, seeds_folder

    results = {}
    for seed in SEEDS:
        path = seeds_folder() / seed["file"]
        if path.is_file():
            _kind, text = read(path.read_text(encoding="utf-8"))
            results[seed["name"]] = score(propose(text), seed)
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
