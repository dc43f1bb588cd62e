"""Writes the test letters (content.py) in their layouts, and what each should give (expected/).

Run it after changing content.py: ``.venv/bin/python -m tests.reviews.letters.build``. The
files are kept in the repository so the tests read the same bytes every time.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from .content import (
    DETAILED_LETTERS,
    LETTERS,
    PASTED,
    PDF_FURNITURE,
    PDF_PRIORITIES,
    TEXT_DOMAINS,
    TEXT_KEY_LINE,
    WORD_LABELLED,
    WORD_NUMBERED,
    WORD_PROSE_TEAM,
    WORD_TOPIC_NUMBERS,
    expected,
)

HERE = Path(__file__).resolve().parent


def _team_line(name, job, organisation):
    return f"{name} – {job}, {organisation}"


def word_numbered(letter: dict) -> bytes:
    """Word headings, Word list numbering ("List Number"), bullets ("List Bullet") and a team table."""
    import io

    from docx import Document

    document = Document()
    document.add_heading(letter["title"], level=1)
    for text in letter["intro"]:
        document.add_paragraph(text)
    document.add_heading("Scope of the review", level=2)
    document.add_paragraph(letter["scope_intro"])
    for text in letter["scope"]:
        document.add_paragraph(text, style="List Bullet")
    document.add_heading("The review team", level=2)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Name", "Role", "Organisation"), strict=True):
        cell.text = text
    for name, job, _role, organisation in letter["team"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = name, job, organisation
    document.add_heading("What we found", level=1)
    for section in letter["sections"]:
        document.add_heading(section["topic"], level=2)
        document.add_heading("Strengths", level=3)
        for text in section["strengths"]:
            document.add_paragraph(text)
        document.add_heading("Areas for development", level=3)
        for text in section["development"]:
            document.add_paragraph(text)
    document.add_heading("Recommendations", level=1)
    document.add_paragraph("We recommend that the council considers the following.")
    for _number, text in letter["recommendations"]:
        document.add_paragraph(text, style="List Number")
    document.add_heading("Conclusion", level=1)
    document.add_paragraph("We would be glad to return in a year to see how the work has gone.")
    document.add_heading("Appendix: people we met", level=1)
    for text in letter["people"]:
        document.add_paragraph(text, style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def word_labelled(letter: dict) -> bytes:
    """Bold paragraphs as headings, "Recommendation 12" lines, typed numbers for the scope."""
    import io

    from docx import Document

    document = Document()
    document.add_heading(letter["title"], level=1)
    for text in letter["intro"]:
        document.add_paragraph(text)
    document.add_paragraph(letter["scope_intro"])
    for number, text in enumerate(letter["scope"], start=1):
        document.add_paragraph(f"{number}. {text}")
    document.add_heading("The peer challenge team", level=2)
    for name, job, _role, organisation in letter["team"]:
        document.add_paragraph(_team_line(name, job, organisation))
    for section in letter["sections"]:
        document.add_heading(section["topic"], level=2)
        document.add_paragraph().add_run("Strengths").bold = True
        for text in section["strengths"]:
            document.add_paragraph(text)
        document.add_paragraph().add_run("Areas for consideration").bold = True
        for text in section["development"]:
            document.add_paragraph(text)
        for number, text in section["recommendations"]:
            if number is None:
                document.add_paragraph(text)
            else:
                document.add_paragraph().add_run(f"Recommendation {number}").bold = True
                document.add_paragraph(text)
    document.add_heading("Conclusion", level=2)
    document.add_paragraph("The council has a committed workforce and the team wishes it well with the changes ahead.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_priorities(letter: dict) -> bytes:
    """HTML headings and lists printed to PDF by weasyprint (markers are text in the PDF)."""
    from weasyprint import HTML

    e = html.escape
    parts = [
        "<html><head><style>body{font-family:sans-serif;font-size:11pt} h1{font-size:20pt} "
        "h2{font-size:15pt} h3{font-size:12.5pt} td,th{border:1px solid #000;padding:4px} "
        "table{border-collapse:collapse}</style></head><body>",
        f"<h1>{e(letter['title'])}</h1>",
    ]
    parts += [f"<p>{e(text)}</p>" for text in letter["intro"]]
    parts.append("<h2>Scope</h2><ol>" + "".join(f"<li>{e(t)}</li>" for t in letter["scope"]) + "</ol>")
    rows = "".join(
        f"<tr><td>{e(name)}</td><td>{e(job)}</td><td>{e(org)}</td></tr>" for name, job, _r, org in letter["team"]
    )
    parts.append(
        f"<h2>The review team</h2><table><tr><th>Name</th><th>Role</th><th>Organisation</th></tr>{rows}</table>"
    )
    for section in letter["sections"]:
        parts.append(f"<h2>{e(section['topic'])}</h2>")
        parts.append("<h3>Strengths</h3><ul>" + "".join(f"<li>{e(t)}</li>" for t in section["strengths"]) + "</ul>")
        parts.append(
            "<h3>Areas for development</h3><ul>" + "".join(f"<li>{e(t)}</li>" for t in section["development"]) + "</ul>"
        )
    parts.append(
        "<h2>Key priorities</h2><ul>" + "".join(f"<li>{e(t)}</li>" for t in letter["key_priorities"]) + "</ul>"
    )
    parts.append(
        "<h2>Recommendations</h2><ol>" + "".join(f"<li>{e(t)}</li>" for _n, t in letter["recommendations"]) + "</ol>"
    )
    parts.append("<h2>People we met</h2><ul>" + "".join(f"<li>{e(t)}</li>" for t in letter["people"]) + "</ul>")
    parts.append("</body></html>")
    return HTML(string="".join(parts)).write_pdf()


def pasted_text(letter: dict) -> bytes:
    """Plain text as it arrives when pasted from a document: one paragraph a line."""
    lines = [letter["title"], *letter["intro"], "Scope"]
    lines += [f"{number}) {text}" for number, text in enumerate(letter["scope"], start=1)]
    lines.append("The review team")
    lines += [f"{name}, {job}, {organisation}" for name, job, _role, organisation in letter["team"]]
    for section in letter["sections"]:
        lines += [section["topic"], "Strengths"]
        lines += [f"• {text}" for text in section["strengths"]]
        lines.append("Areas for development")
        lines += [f"• {text}" for text in section["development"]]
    lines.append("Key priorities")
    lines += [f"• {text}" for text in letter["key_priorities"]]
    lines.append("Recommendations")
    lines += [f"Recommendation {number}: {text}" for number, text in letter["recommendations"]]
    lines.append("People we met")
    lines += [f"• {text}" for text in letter["people"]]
    return ("\n".join(lines) + "\n").encode("utf-8")


def word_prose_team(letter: dict) -> bytes:
    """A letter in Word: the team in one sentence, the writer named only in the signature."""
    import io

    from docx import Document

    document = Document()
    document.add_heading(letter["title"], level=1)
    document.add_paragraph(letter["greeting"])
    for text in letter["intro"]:
        document.add_paragraph(text)
    document.add_paragraph(letter["team_sentence"])
    document.add_paragraph(letter["scope_intro"])
    for number, text in enumerate(letter["scope"], start=1):
        document.add_paragraph(f"{number}. {text}")
    for section in letter["sections"]:
        document.add_heading(section["topic"], level=2)
        document.add_heading("Strengths", level=3)
        for text in section["strengths"]:
            document.add_paragraph(text)
        document.add_heading("Areas for development", level=3)
        for text in section["development"]:
            document.add_paragraph(text)
    document.add_heading("Our recommendations", level=2)
    for number, text in letter["recommendations"]:
        document.add_paragraph(f"{number}. {text}")
    document.add_paragraph("We hope the council finds this feedback useful and we wish it well.")
    document.add_paragraph("Yours sincerely")
    name, job, organisation = letter["signature"]
    document.add_paragraph(name)
    document.add_paragraph(f"{job}, {organisation}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_furniture(letter: dict) -> bytes:
    """A typed letter printed to PDF: the sender's address block between the scope cue and its list."""
    from weasyprint import HTML

    e = html.escape
    parts = [
        "<html><head><style>body{font-family:sans-serif;font-size:11pt} h1{font-size:18pt} "
        "h2{font-size:14pt} p.address{font-size:9pt}</style></head><body>",
        f"<h1>{e(letter['title'])}</h1>",
    ]
    parts += [f"<p>{e(text)}</p>" for text in letter["intro"]]
    parts.append(f"<p>{e(letter['team_sentence'])}</p>")
    parts.append(f"<p>{e(letter['scope_intro'])}</p>")
    parts += [f'<p class="address">{e(text)}</p>' for text in letter["address"]]
    parts.append("<ol>" + "".join(f"<li>{e(t)}</li>" for t in letter["scope"]) + "</ol>")
    parts.append("<h2>Main comments</h2>")
    for restated, section in zip(letter["restated"], letter["sections"], strict=True):
        parts.append(f"<p>{e(restated)}</p>")
        parts.append("<p><b>Strengths</b></p>" + "".join(f"<p>{e(t)}</p>" for t in section["strengths"]))
        parts.append("<p><b>Areas for consideration</b></p>")
        for text, (number, recommendation) in zip(section["development"], section["recommendations"], strict=False):
            parts.append(f"<p>{e(text)}</p>")
            parts.append(f"<p>{number}. {e(recommendation)}</p>" if number else f"<p>{e(recommendation)}</p>")
    parts.append("<h2>Conclusion</h2><p>Thank you for welcoming the team so warmly.</p>")
    parts.append("<p>Yours sincerely</p><p>Vera Stone</p></body></html>")
    return HTML(string="".join(parts)).write_pdf()


def text_domains(letter: dict) -> bytes:
    """Text as it comes out of a converted PDF: capital headings, footnotes and page breaks left in."""
    lines = list(letter["intro"])
    for section in letter["sections"]:
        lines.append(section["topic"].upper())
        for _kind, text in section["lines"]:
            if "|" in text:  # a page break with a footnote at the foot of the page
                first, rest = text.split("|")
                lines += [first, "_", "² A note at the foot of the page", rest]
            else:
                lines.append(text)
    lines += ["CONCLUSIONS", "The council knows itself well and has the leadership to act on what we found."]
    lines.append("RECOMMENDATIONS/AREAS FOR FURTHER EXPLORATION")
    for number, text in letter["recommendations"]:
        marker = f"{number}. " if number else ""
        if number == 3:  # cut in two by a page break
            head, tail = text.split(" and report ")
            lines += [f"- {marker}{head} and report", "", f"- {tail}"]
        else:
            lines.append(f"- {marker}{text}")
    lines.append("Lenton Assurance Review Interviewees")
    lines += letter["people"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def word_topic_numbers(letter: dict) -> bytes:
    """Word: a Title, a date line, List Number scope, List Bullet team with the part in brackets,
    "1. Topic" headings over Strengths / Areas for development, and a signature after the key priorities."""
    import io

    from docx import Document

    document = Document()
    document.add_paragraph(letter["title"], style="Title")
    document.add_paragraph(letter["letter_date"])
    for text in letter["intro"]:
        document.add_paragraph(text)
    document.add_heading("Scope", level=1)
    document.add_paragraph(letter["scope_intro"])
    for text in letter["scope"]:
        document.add_paragraph(text, style="List Number")
    document.add_heading("The peer team", level=1)
    for name, job, _role, organisation, played in letter["team"]:
        line = ", ".join(part for part in (name, job, organisation) if part)
        document.add_paragraph(f"{line} ({played})" if played else line, style="List Bullet")
    for number, section in enumerate(letter["sections"], start=1):
        document.add_heading(f"{number}. {section['topic']}", level=1)
        document.add_heading("Strengths", level=2)
        for text in section["strengths"]:
            document.add_paragraph(text)
        document.add_heading("Areas for development", level=2)
        for text in section["development"]:
            document.add_paragraph(text)
    document.add_heading("Recommendations", level=1)
    for number, text in letter["recommendations"]:
        document.add_paragraph(f"{number}. {text}")
    document.add_heading("Key priorities", level=1)
    for text in letter["key_priorities"]:
        document.add_paragraph(text, style="List Bullet")
    for text in letter["signature"]:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def text_key_line(letter: dict) -> bytes:
    """Pasted text: the title first, the dates, a key line of enquiry with a lead-in and its
    sub-areas in bullets, "Name – Role, Job, Council" team lines, and a signature at the end."""
    lines = [letter["title"], letter["dates"], "", *letter["intro"], "", "The scope of the review"]
    lines.append(f"The key line of enquiry agreed with the council was: {letter['key_line']}")
    lines.append("Within this the team considered:")
    lines += [f"• {text}" for text in letter["scope"]]
    lines += ["", "The peer team"]
    for name, job, _role, organisation, _played in letter["team"]:
        if organisation == "LGA":
            lines.append(f"{name} – LGA {job}")
        else:
            lines.append(f"{name} – {job}, {organisation}")
    for section in letter["sections"]:
        lines += ["", "Strengths", *section["strengths"], "", "Areas for development", *section["development"]]
    lines.append("")
    lines += [f"Recommendation {number}: {text}" for number, text in letter["recommendations"]]
    lines += ["", *letter["signature"]]
    return ("\n".join(lines) + "\n").encode("utf-8")


BUILDERS = {
    WORD_NUMBERED["name"]: word_numbered,
    WORD_LABELLED["name"]: word_labelled,
    PDF_PRIORITIES["name"]: pdf_priorities,
    PASTED["name"]: pasted_text,
    WORD_PROSE_TEAM["name"]: word_prose_team,
    PDF_FURNITURE["name"]: pdf_furniture,
    TEXT_DOMAINS["name"]: text_domains,
    WORD_TOPIC_NUMBERS["name"]: word_topic_numbers,
    TEXT_KEY_LINE["name"]: text_key_line,
}


def main(only: list[dict] | None = None) -> None:
    """Write every letter (or ``only`` those) and what it should give."""
    (HERE / "expected").mkdir(exist_ok=True)
    for letter in only or LETTERS + DETAILED_LETTERS:
        (HERE / letter["file"]).write_bytes(BUILDERS[letter["name"]](letter))
        (HERE / "expected" / f"{letter['name']}.json").write_text(
            json.dumps(expected(letter), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
