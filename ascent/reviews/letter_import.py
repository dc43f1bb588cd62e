"""Reading a past feedback letter or review report, and proposing the review it describes.

Two steps, both without a database or a network:

1. :func:`read` turns a DOCX file, a PDF file or pasted text into **text with structure**:
   one block a line, written as ``# Heading`` (``##`` for a lower level), ``1. item`` (a
   numbered list item, whether Word numbered it or someone typed the number), ``- item`` (a
   bullet; indented two spaces a level for sub-items), ``| cell | cell |`` (a table row) or a
   plain paragraph. The text is kept on the import, so every proposal can show the passage it
   came from, and a person can see exactly what was read.
2. :func:`propose` walks those blocks and proposes the scope, the team, findings by kind and
   heading, and recommendations (numbered or not, or key priorities), each with its passage.

Letters vary, so the reading is a set of plain rules a person can predict, and every proposal
is checked and corrected by a person before anything is saved (``import_actions``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass

from .models import DevelopmentLabel, FindingKind, Kind, RecommendationKind, TeamRole


class LetterReadError(ValueError):
    """The file could not be read as a letter; the message says why, for the person who sent it."""


# ---------------------------------------------------------------------------------------------
# Reading

_ZIP = b"PK\x03\x04"
_PDF = b"%PDF"
#: Typed list markers: "1." "1)" "(1)"; bullets people type or paste.
_NUMBERED = re.compile(r"^\(?(\d{1,3})[.)]\s+(\S.*)$")
_BULLET = re.compile(r"^[-•*●▪◦‣∙·–—]\s*(\S.*)$")
_ROMAN = re.compile(r"^\(?([ivx]{1,5}|[a-h])[.)]\s+(\S.*)$")
_PAGE_LINE = re.compile(r"^(page\s+)?\d+(\s+of\s+\d+)?$", re.IGNORECASE)


def sniff(data: bytes) -> str:
    """ "docx", "pdf" or "text", from the content (never the file name)."""
    if data.startswith(_PDF):
        return "pdf"
    if data.startswith(_ZIP):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        raise LetterReadError("The selected file is not a Word document (.docx) or a PDF")
    if b"\x00" in data[:4096]:
        raise LetterReadError("The selected file is not a Word document (.docx), a PDF or plain text")
    return "text"


def read(source: bytes | str) -> tuple[str, str]:
    """(kind, text with structure) of a DOCX or PDF file's bytes, or of pasted text (a str)."""
    if isinstance(source, str):
        return "text", read_text(source)
    kind = sniff(source)
    if kind == "docx":
        return kind, read_docx(source)
    if kind == "pdf":
        return kind, read_pdf(source)
    try:
        decoded = source.decode("utf-8-sig")
    except UnicodeDecodeError:
        decoded = source.decode("cp1252", errors="replace")
    return kind, read_text(decoded)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def _line_for(text: str, level: int = 0) -> str:
    """One typed line as a block: a numbered item, a bullet or a paragraph."""
    indent = "  " * level
    numbered = _NUMBERED.match(text)
    if numbered:
        return f"{indent}{numbered.group(1)}. {numbered.group(2)}"
    bullet = _BULLET.match(text)
    if bullet:
        inner = _NUMBERED.match(bullet.group(1))
        if inner:  # "- 16. The team recommends": a numbered item pasted with a bullet in front
            return f"{indent}{inner.group(1)}. {inner.group(2)}"
        lettered = _ROMAN.match(bullet.group(1))
        if lettered:  # "- ii) ...": a part of the item before
            return f"  - {lettered.group(2)}"
        return f"{indent}- {bullet.group(1)}"
    roman = _ROMAN.match(text)
    if roman:
        return f"  - {roman.group(2)}"
    return text


def _looks_like_heading(text: str) -> bool:
    """A short line with no closing punctuation, starting with a capital: how pasted headings look."""
    words = text.split()
    return (
        0 < len(words) <= 10
        and len(text) <= 80
        and text[0].isupper()
        and text[-1] not in ".,;:?!)"
        and not text.endswith(":-")  # "… include the following:-" introduces a list
        and "," not in text  # "Name, role, council" is a line of a list, not a heading
        and " – " not in text
        and " - " not in text
        and not _NUMBERED.match(text)
        and not _BULLET.match(text)
        and not re.match(r"^recommendation\s+\d+", text, re.IGNORECASE)
    )


def read_text(text: str) -> str:
    """Pasted text: one block a line (paragraphs pasted from a document are one line each)."""
    lines = []
    for raw in text.splitlines():
        line = _clean(raw)
        if not line:
            continue
        if line.startswith("#"):
            hashes = len(line) - len(line.lstrip("#"))
            lines.append("#" * min(hashes, 4) + " " + line.lstrip("#").strip())
        elif line.startswith("|"):
            lines.append(line)
        elif _looks_like_heading(line):
            lines.append(f"## {line}")
        else:
            lines.append(_line_for(line))
    return "\n".join(lines)


# DOCX -----------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class _Numbering:
    """Word's list numbering: which format each list level has, and the running counts."""

    def __init__(self, document):
        self.formats: dict[tuple[str, int], tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            abstract = {}
            for node in root.iter(f"{_W}abstractNum"):
                levels = {}
                for lvl in node.iter(f"{_W}lvl"):
                    fmt = lvl.find(f"{_W}numFmt")
                    start = lvl.find(f"{_W}start")
                    levels[int(lvl.get(f"{_W}ilvl"))] = (
                        fmt.get(f"{_W}val") if fmt is not None else "decimal",
                        int(start.get(f"{_W}val")) if start is not None else 1,
                    )
                abstract[node.get(f"{_W}abstractNumId")] = levels
            for num in root.iter(f"{_W}num"):
                ref = num.find(f"{_W}abstractNumId")
                for ilvl, value in abstract.get(ref.get(f"{_W}val") if ref is not None else None, {}).items():
                    self.formats[(num.get(f"{_W}numId"), ilvl)] = value
        self.counts: dict[tuple[str, int], int] = {}

    def next(self, num_id: str, ilvl: int) -> tuple[str, int | None]:
        """("decimal", 4) for the fourth item of a numbered list, ("bullet", None) for a bullet."""
        fmt, start = self.formats.get((num_id, ilvl), ("decimal", 1))
        # An item at one level restarts the levels below it, as Word does.
        for key in [k for k in self.counts if k[0] == num_id and k[1] > ilvl]:
            del self.counts[key]
        if fmt in ("bullet", "none"):
            return "bullet", None
        count = self.counts.get((num_id, ilvl), start - 1) + 1
        self.counts[(num_id, ilvl)] = count
        return fmt, count


def _num_pr(paragraph):
    """(numId, ilvl) of a paragraph's list numbering, set on it or on its style (or a style it is based on)."""
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.numPr is not None and p_pr.numPr.numId is not None:
        ilvl = p_pr.numPr.ilvl.val if p_pr.numPr.ilvl is not None else 0
        return str(p_pr.numPr.numId.val), int(ilvl)
    style = paragraph.style
    while style is not None:
        s_pr = style.element.pPr
        if s_pr is not None and s_pr.numPr is not None and s_pr.numPr.numId is not None:
            ilvl = s_pr.numPr.ilvl.val if s_pr.numPr.ilvl is not None else 0
            return str(s_pr.numPr.numId.val), int(ilvl)
        style = style.base_style
    return None


def _heading_level(paragraph, text: str) -> int | None:
    name = (paragraph.style.name or "") if paragraph.style is not None else ""
    if name == "Title":
        return 1
    match = re.match(r"Heading (\d)", name)
    if match:
        return int(match.group(1))
    runs = [run for run in paragraph.runs if run.text.strip()]
    if runs and all(run.bold for run in runs) and _looks_like_heading(text):
        return 3  # a short paragraph in bold type: a heading in all but style
    return None


def read_docx(data: bytes) -> str:
    from docx import Document
    from docx.table import Table

    try:
        document = Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several kinds for a damaged file
        raise LetterReadError("The selected file could not be read as a Word document: it may be damaged") from error
    numbering = _Numbering(document)
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    value = _clean(cell.text)
                    if not cells or cells[-1] != value:  # merged cells repeat their text
                        cells.append(value)
                if any(cells):
                    lines.append("| " + " | ".join(cells) + " |")
            continue
        text = _clean(block.text)
        if not text:
            continue
        level = _heading_level(block, text)
        numbered = _num_pr(block)
        if level is not None and numbered is None:
            lines.append("#" * min(level, 4) + " " + text)
        elif numbered is not None:
            fmt, number = numbering.next(*numbered)
            if fmt == "decimal" and numbered[1] == 0:
                lines.append(f"{number}. {text}")
            elif fmt == "bullet" and numbered[1] == 0:
                lines.append(f"- {text}")
            else:  # a lower level, or lettered or roman numbering: a sub-item of the one before
                lines.append(f"  - {text}")
        else:
            lines.append(_line_for(text))
    return "\n".join(lines)


# PDF ------------------------------------------------------------------------------------------


def read_pdf(data: bytes) -> str:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as error:  # pdfminer raises several kinds for a damaged file
        raise LetterReadError("The selected file could not be read as a PDF: it may be damaged") from error
    entries: list[tuple[int, float, str, dict | None]] = []  # (page, top, kind, line)
    with pdf:
        sizes: Counter = Counter()
        pages = []
        for number, page in enumerate(pdf.pages):
            tables = page.find_tables()
            boxes = [table.bbox for table in tables]
            lines = [
                line
                for line in page.extract_text_lines(return_chars=True)
                if not any(
                    x0 - 1 <= line["x0"] <= x1 + 1 and top - 1 <= line["top"] <= bottom + 1
                    for x0, top, x1, bottom in boxes
                )
            ]
            for line in lines:
                for char in line["chars"]:
                    sizes[round(char["size"], 1)] += 1
            pages.append((number, lines, tables))
        if not sizes:
            raise LetterReadError("The selected PDF has no text in it: it may be a scanned image")
        body = sizes.most_common(1)[0][0]
        for number, lines, tables in pages:
            entries.extend((number, line["top"], "line", line) for line in lines)
            entries.extend((number, table.bbox[1], "table", {"rows": table.extract()}) for table in tables)
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    blocks: list[str] = []
    previous = None  # the last text line, to join wrapped lines into one paragraph
    for _page, _top, kind, item in entries:
        if kind == "table":
            for row in item["rows"]:
                cells = [_clean(cell or "") for cell in row]
                if any(cells):
                    blocks.append("| " + " | ".join(cells) + " |")
            previous = None
            continue
        text = _clean(item["text"])
        if not text or _PAGE_LINE.match(text):
            continue
        chars = [c for c in item["chars"] if c["text"].strip()]
        size = max((c["size"] for c in chars), default=body)
        bold = bool(chars) and all("bold" in c["fontname"].lower() for c in chars)
        if size > body * 1.12 or (bold and _looks_like_heading(text)):
            level = 1 if size > body * 1.6 else (2 if size > body * 1.12 else 3)
            blocks.append("#" * level + " " + text)
            previous = None
            continue
        starts_item = bool(_NUMBERED.match(text) or _BULLET.match(text) or _ROMAN.match(text))
        gap = item["top"] - previous["bottom"] if previous is not None else None
        if (
            previous is not None
            and not starts_item
            and gap is not None
            and 0 <= gap < size * 0.7
            and not re.match(r"^recommendation\s+\d+\s*$", blocks[-1], re.IGNORECASE)
        ):
            blocks[-1] = blocks[-1] + " " + text
        else:
            blocks.append(_line_for(text))
        previous = item
    return "\n".join(blocks)


# ---------------------------------------------------------------------------------------------
# Proposing


@dataclass
class Block:
    index: int  # line number in the text, from 0
    kind: str  # heading, numbered, bullet, sub, row, para
    text: str
    level: int = 0
    number: int | None = None
    raw: str = ""


def blocks_of(text: str) -> list[Block]:
    found = []
    for index, raw in enumerate(text.splitlines()):
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            found.append(Block(index, "heading", line.lstrip("#").strip(), level=level, raw=line))
        elif line.startswith("  ") and line.strip().startswith("- "):
            found.append(Block(index, "sub", line.strip()[2:].strip(), raw=line))
        elif line.startswith("- "):
            found.append(Block(index, "bullet", line[2:].strip(), raw=line))
        elif line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            found.append(Block(index, "row", " | ".join(cells), raw=line))
        else:
            numbered = re.match(r"^(\d{1,3})\. (.*)$", line)
            if numbered:
                found.append(Block(index, "numbered", numbered.group(2), number=int(numbered.group(1)), raw=line))
            else:
                found.append(Block(index, "para", line.strip(), raw=line))
    return found


_REC_LABEL = re.compile(r"^recommendation\s+(\d{1,3})\s*(?:[:.\-–—)]\s*)?(.*)$", re.IGNORECASE)
_RECOMMENDS = re.compile(
    r"^(the\s+)?(review\s+|peer\s+)?(team|we|reviewers?)\s+(would\s+)?recommends?\b", re.IGNORECASE
)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DAYS = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+({_MONTHS}))?(?:\s+(\d{{4}}))?\s*(?:-|–|to|and)\s*"
    rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTHS})\s+(\d{{4}})",
    re.IGNORECASE,
)

#: Words in a team member's role, and the role they mean (first match wins).
ROLE_WORDS = [
    (("expert by experience", "experts by experience"), TeamRole.EXPERT_BY_EXPERIENCE),
    (
        ("member peer", "councillor", "cllr", "elected member", "lead member", "cabinet member", "portfolio holder"),
        TeamRole.MEMBER_PEER,
    ),
    (
        ("challenge manager", "review manager", "programme manager", "project manager", "programme lead"),
        TeamRole.CHALLENGE_MANAGER,
    ),
    (("lead director", "lead peer", "team lead", "lead reviewer", "lead assessor"), TeamRole.LEAD_DIRECTOR),
    (("officer peer", "peer officer"), TeamRole.OFFICER_PEER),
    (("support", "administrat", "coordinator"), TeamRole.REVIEW_SUPPORT),
    (("director", "head of", "manager", "officer", "lead"), TeamRole.OFFICER_PEER),
]


def role_for(text: str) -> str:
    """The team role a role or job title as written means ("Reviewer" when nothing fits)."""
    lowered = text.lower()
    for words, role in ROLE_WORDS:
        if any(word in lowered for word in words):
            return role.value
    return TeamRole.REVIEWER.value


def _introduces_list(text: str) -> bool:
    """ "We recommend the following:": the sentence before a list, not an item of it."""
    return text.rstrip().endswith((":", ":-")) or "the following" in text.lower()


def _heading_topic(text: str) -> str:
    """A heading without its own numbering ("2.1 Safeguarding" → "Safeguarding")."""
    return re.sub(r"^(\d+(\.\d+)*[.)]?|[A-Z][.)])\s+", "", text).strip()


def _section_of(heading: str) -> str:
    lowered = _heading_topic(heading).lower()
    if "key priorit" in lowered:
        return "key-priorities"
    if re.match(r"^(summary of |our |the team's |main )?recommendations?\b", lowered) and "comment" not in lowered:
        return "recommendations"
    if "strength" in lowered and "area" not in lowered:
        return "strengths"
    if re.search(r"areas? (for|of|to) (development|consideration|improvement|develop|consider|improve)", lowered) or (
        lowered in {"development areas", "areas to develop", "challenges", "concerns"}
    ):
        return "development"
    if "scope" in lowered or lowered in {"what you asked us to look at", "terms of reference"}:
        return "scope"
    if re.search(r"\b(team|reviewers|panel)\b", lowered) and not re.search(
        r"\b(advice|referral|leadership)\b", lowered
    ):
        return "team"
    if re.search(r"people (we )?(met|interviewed|spoke)|who we (met|spoke)|interviewees|appendix", lowered):
        return "people"
    if re.search(r"introduction|background|context|executive summary|summary|conclusion|next steps|overview", lowered):
        return "other"
    return "topic"


#: The part someone played on the team, as letters put it in brackets after their job.
_TEAM_ROLE = re.compile(
    r"\b(lead|member|officer)\s+peer\b|\bpeer\s+challenge\s+manager\b|\bchallenge\s+manager\b|"
    r"\bexperts?\s+by\s+experience\b|\blead\s+(director|reviewer|assessor)\b|\bteam\s+lead(er)?\b",
    re.IGNORECASE,
)
#: Organisations a job is often prefixed with ("LGA Peer Challenge Manager").
_ORGANISATION_FIRST = re.compile(
    r"^(LGA|Local Government Association|ADASS|(?:[A-Z][a-z]+ ){1,3}ADASS|SCIE|TLAP|Think Local Act Personal|"
    r"Skills for Care|CQC|Care Quality Commission|NHS England|Partners in Care and Health)\s+(\S.*)$"
)


def _split_member(text: str) -> tuple[str, ...] | None:
    """(name, role, organisation[, the part they played]) from "Name – Role, Organisation",
    "Name, Role, Organisation" or "Name, Job, Organisation (lead peer)"."""
    if len(text.split()) > 30:
        return None  # a sentence about the team, not a member
    parts = re.split(r"\s+[–—-]\s+|\s*:\s+", text, maxsplit=1)
    if len(parts) == 2:
        name, rest = parts
        bracket = re.match(r"^(.*?)\s*\((.*)\)$", rest)
        if bracket and _TEAM_ROLE.search(bracket.group(2)):  # "Ann Lee – Director, Eastby Council (lead peer)"
            job = bracket.group(1)
            role, _, organisation = job.rpartition(", ") if ", " in job else (job, "", "")
            return name.strip(), role.strip(), organisation.strip(), bracket.group(2).strip()
        if "(" in rest and rest.endswith(")"):
            role, organisation = rest[:-1].split("(", 1)
        else:
            role, _, organisation = rest.rpartition(", ") if ", " in rest else (rest, "", "")
        return name.strip(), role.strip(), organisation.strip()
    bracket = re.match(r"^(.*?)\s*\((.*)\)$", text)
    if bracket and ", " in bracket.group(1) and _TEAM_ROLE.search(bracket.group(2)):
        # "Jane Smith, Director of Adult Social Services, Shropshire Council (lead peer)":
        # the job and organisation before, the part they played on the team in brackets.
        found = _split_member(bracket.group(1))
        if found is not None:
            return (*found[:3], bracket.group(2).strip())
    if bracket:
        inner = bracket.group(2)
        role, _, organisation = inner.partition(", ")
        return bracket.group(1).strip(), role.strip(), organisation.strip()
    pieces = [piece.strip() for piece in text.split(", ")]
    if len(pieces) >= 3:
        return pieces[0], pieces[1], ", ".join(pieces[2:])
    if len(pieces) == 2:
        return pieces[0], pieces[1], ""
    return None


# A team named in prose ---------------------------------------------------------------------

#: A sentence that names the team: "I was joined by …", "The team comprised …", "… was
#: undertaken by two consultants, A and B".
_TEAM_CUE = re.compile(
    r"\b(?:joined\s+by|the\s+(?:[a-z]+\s+){0,3}?team\s+(?:comprised|consisted\s+of|was\s+made\s+up\s+of|"
    r"members\s+were|included|was|were)|(?:members\s+of\s+the\s+team|team\s+members)\s+were|"
    r"(?:undertaken|carried\s+out|conducted)\s+by)\s*(?::-?|-)?\s*",
    re.IGNORECASE,
)
_TITLES = {"councillor", "cllr", "dr", "mr", "mrs", "ms", "miss", "mx", "professor", "prof", "sir", "dame"}
#: Words of a job title or team role, so "Sue Lee Head of Service Westshire" splits into a
#: name, a role and an organisation even with no punctuation between them.
_ROLE_WORDS_TEXT = """
    expert experts experience experiences cabinet member members councillor head heads service services director
    directors assistant deputy executive chief lead leads manager managers officer officers peer peers challenge
    programme review reviewer support adult adults social care commissioning safeguarding principal worker senior
    portfolio holder health wellbeing consultant consultants independent practice operations operational strategic
    improvement adviser advisers advisor coordinator administrator leader chair interim people corporate divisional
    group team by of for and &
"""
_ROLE_TOKENS = frozenset(re.findall(r"\S+", _ROLE_WORDS_TEXT))
_CONNECTORS = {"of", "by", "for", "and", "&"}
_SIGN_OFF = re.compile(
    r"^(yours\s+(sincerely|faithfully|truly)|kind\s+regards|best\s+wishes|with\s+best\s+wishes),?$", re.I
)
_WRITER_LED = re.compile(r"\bI\s+(?:was\s+(?:pleased|delighted|privileged|glad)\s+to\s+lead|led|was\s+the\s+lead)\b")


def _is_name_word(token: str) -> bool:
    """ "Whervin", "O'Neil", "Smith-Jones": a capitalised word, not an acronym nor a role word."""
    return bool(re.match(r"^[A-Z][A-Za-z'’\-]*[a-z][A-Za-z'’\-]*$", token)) and token.lower() not in _ROLE_TOKENS


def _person(tokens: list[str]) -> tuple[str, list[str]] | None:
    """(the name at the start of tokens, the tokens after it), or None when there is no name."""
    words: list[str] = []
    index = 0
    if tokens and tokens[0].lower().rstrip(".") in _TITLES:
        words.append(tokens[0])
        index = 1
    found = 0
    while index < len(tokens) and found < 3 and _is_name_word(tokens[index]):
        words.append(tokens[index])
        index += 1
        found += 1
    if found < 2 and not (found == 1 and len(words) == 2):  # "Cllr Davies" is a name too
        return None
    return " ".join(words), tokens[index:]


def _whole_name(text: str) -> str | None:
    found = _person(text.split())
    return found[0] if found is not None and not found[1] else None


def _role_and_organisation(text: str) -> tuple[str, str]:
    """ "Head of Service Westshire" → ("Head of Service", "Westshire"); "Director, Eastby Council" too."""
    text = text.strip(" ,;.:-")
    if ", " in text:
        role, _, organisation = text.rpartition(", ")
        if role_for(role) == TeamRole.REVIEWER.value and role_for(organisation) != TeamRole.REVIEWER.value:
            role, organisation = organisation, role
        return role.strip(), organisation.strip()
    bracket = re.match(r"^(.*?)\s*\((.*)\)$", text)
    if bracket:
        return bracket.group(1).strip(), bracket.group(2).strip()
    joined = re.match(r"^(.*?)\s+(?:at|from|with)\s+(.*)$", text)
    if joined and role_for(joined.group(1)) != TeamRole.REVIEWER.value:
        return joined.group(1).strip(), joined.group(2).strip()
    tokens = text.split()
    best = (0, 0)  # the longest run of role words
    start = None
    for position, token in enumerate([*tokens, ""]):
        if token and token.lower().strip(",") in _ROLE_TOKENS:
            start = position if start is None else start
            continue
        if start is not None:
            end = position
            while end > start and tokens[end - 1].lower() in _CONNECTORS:
                end -= 1
            while start < end and tokens[start].lower() in _CONNECTORS:
                start += 1
            if end - start > best[1] - best[0]:
                best = (start, end)
            start = None
    if best == (0, 0):
        return text, ""
    role = " ".join(tokens[best[0] : best[1]])
    rest = [t for t in tokens[: best[0]] + tokens[best[1] :] if t.lower() not in _CONNECTORS]
    return role, " ".join(rest)


def _members_in_segment(segment: str) -> list[tuple[str, str, str]]:
    """The people one part of a prose team list names: [(name, role, organisation)]."""
    segment = re.sub(r"^(?:and|also|with)\s+", "", segment.strip(" ,.;")).strip()
    shared = re.match(r"^(.*?),?\s+(?:both|all|each)\s+(?:of\s+them\s+)?(.*)$", segment)
    if shared:
        names = [_whole_name(part) for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", shared.group(1))]
        if names and all(names):
            role, organisation = _role_and_organisation(shared.group(2))
            return [(name, role, organisation) for name in names]
    bracketed = re.match(r"^(.*?)\s*\((.*)\)$", segment)
    if bracketed and _whole_name(bracketed.group(1)):  # "Ann Lee (Lead peer, Eastby Council)"
        return [(_whole_name(bracketed.group(1)), *_role_and_organisation(bracketed.group(2)))]
    if ", " in segment:
        first, rest = segment.split(", ", 1)
        name = _whole_name(first)
        if name:
            return [(name, *_role_and_organisation(rest))]
        # "two independent consultants, Ann Lee and Bo Tan": a description, then the names
        description, _, tail = segment.rpartition(", ")
        names = [_whole_name(part) for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", tail)]
        if names and all(names) and not _person(description.split()):
            description = re.sub(r"^(?:two|three|four|five|both|the)\s+", "", description.strip(), flags=re.I)
            return [(name, description[:1].upper() + description[1:], "") for name in names]
        if ", " in description:  # "A, B and C": names only
            names = [_whole_name(part) for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", segment)]
            if all(names):
                return [(name, "", "") for name in names]
        return []
    found = _person(segment.split())
    if found is None:
        return []
    name, rest = found
    if rest and rest[0].lower() == "and":  # "Ann Lee and Bo Tan"
        other = _whole_name(" ".join(rest[1:]))
        if other:
            return [(name, "", ""), (other, "", "")]
    rest_text = " ".join(rest)
    bracket = re.match(r"^\((.*)\)$", rest_text)
    return [(name, *_role_and_organisation(bracket.group(1) if bracket else rest_text))]


def team_in_prose(text: str) -> tuple[list[tuple[str, str, str]], bool] | None:
    """The team a paragraph names in a sentence, and whether the writer says they were in it.

    None when the paragraph names no team; ([], False) when it only introduces a list (ends "were:").
    """
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text):
        cue = _TEAM_CUE.search(sentence)
        if cue is None:
            continue
        rest = sentence[cue.end() :].strip().rstrip(".")
        if not rest:
            if sentence.rstrip().endswith((":", ":-")):
                return [], False
            continue
        members = []
        rest = re.sub(r"\)\s*(?:,\s*|\s+)(?:and\s+)?(?=[A-Z])", ");", rest)  # "A (…), B (…) and C (…)"
        for segment in re.split(r";\s*", rest):
            members.extend(_members_in_segment(segment))
        if members:
            writer = bool(re.search(r"\b(I|me|my|we|us)\b", sentence[: cue.start() + len(cue.group(0))]))
            return members, writer
    return None


def _signature(blocks: list[Block]) -> tuple[str, str, str, str] | None:
    """(name, job title, organisation, passage) of the person who signed the letter."""
    for position, block in enumerate(blocks):
        if not _SIGN_OFF.match(block.text.strip()):
            continue
        following = blocks[position + 1 : position + 3]
        if not following or following[0].kind not in ("para", "heading"):
            return None
        name = _whole_name(following[0].text.strip(" ,"))
        if not name:
            return None
        job, organisation, lines = "", "", [block.raw, following[0].raw]
        if len(following) > 1 and following[1].kind in ("para", "heading") and len(following[1].text.split()) <= 20:
            job, organisation = _role_and_organisation(following[1].text)
            lines.append(following[1].raw)
        return name, job, organisation, "\n".join(lines)
    return None


# Page furniture and scope ---------------------------------------------------------------------

_FURNITURE = re.compile(
    r"@|www\.|https?://|\bP\.?\s?O\.?\s+Box\b|^(tel|telephone|phone|fax|e-?mail|web|website|page|our ref|your ref)\b"
    r"|^[_.\-–—\s]*$|^[¹²³⁴⁵⁶⁷⁸⁹⁰]",
    re.IGNORECASE,
)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")


def _furniture(text: str) -> bool:
    """An address block, a contact line, a footnote or a page number: not part of the letter's argument."""
    return bool(_FURNITURE.search(text) or _POSTCODE.search(text) or _PAGE_LINE.match(text))


def _scope_cue(text: str) -> bool:
    """ "The headline scope was:-", "… grouped under the six domains of the model:-"."""
    return bool(
        re.search(r"\b(scope|domains?|lines? of enquiry|terms of reference)\b", text, re.IGNORECASE)
    ) and text.rstrip().rstrip("-").endswith(":")


def _fold_text(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _scope_named(text: str, scope: list[dict]) -> str | None:
    """The scope item a heading or a restated question names (near enough), or None."""
    wanted = _fold_text(re.sub(r"^\d{1,2}[.)]\s+", "", text))
    if not wanted:
        return None
    for item in scope:
        have = _fold_text(item["text"])
        if have == wanted:
            return item["text"]
        if (
            len(have) > 30
            and 0.6 < len(wanted) / len(have) < 1.6
            and difflib.SequenceMatcher(None, have, wanted).ratio() >= 0.8
        ):
            return item["text"]
    return None


#: "… the key line of enquiry: How well …?" / "The key line of enquiry was whether …" (group 1: the line).
_KEY_LINE = re.compile(
    r"\bkey\s+line\s+of\s+enquiry\b[^:?]{0,60}?(?:\b(?:was|is)\b\s*:?|:|\s[-–])\s*-?\s*(.*)$",
    re.IGNORECASE,
)
#: Words too common to tie a heading to a scope item.
_COMMON = frozenset(
    re.findall(
        r"\S+",
        "a an and the of to in on for at by with is are was were be how what which who does do did has have its "
        "it this that their our your we you they council's council councils people well",
    )
)


def _words(text: str) -> set[str]:
    return {word.rstrip("s") for word in _fold_text(text).split() if word not in _COMMON and len(word) > 2}


def _scope_number(text: str, scope: list[dict]) -> int | None:
    return next((number for number, item in enumerate(scope, start=1) if item["text"] == text), None)


def _scope_by_number_or_words(heading: str, scope: list[dict]) -> int | None:
    """The scope item a findings heading like "1. The front door" answers: the item of that
    number when they share a word, else the only item holding all the heading's words."""
    wanted = _words(_heading_topic(heading))
    if not wanted or not scope:
        return None
    numbered = re.match(r"^(\d{1,2})[.)]?\s+\S", heading)
    if (
        numbered
        and 1 <= int(numbered.group(1)) <= len(scope)
        and wanted & _words(scope[int(numbered.group(1)) - 1]["text"])
    ):
        return int(numbered.group(1))
    holding = [number for number, item in enumerate(scope, start=1) if wanted <= _words(item["text"])]
    return holding[0] if len(holding) == 1 and len(wanted) <= 6 else None


_DEVELOPMENT_WORDS = re.compile(
    r"\b(concerns?|risks?|may need|needs? to|needs? a|closer look|should|would suggest|consider(ation)?|could|"
    r"lower than|higher than|not|no|unable|lack|gaps?|pressures?|challeng\w*|however|although|limited|weak\w*|"
    r"delay\w*|fewer|worse)\b",
    re.IGNORECASE,
)
_STRENGTH_WORDS = re.compile(
    r"\b(strengths?|strong|positive\w*|good|well|excellent|impressive|commended|effective|success\w*|"
    r"high performing|welcomed?|commit\w*)\b",
    re.IGNORECASE,
)


def guess_finding_kind(text: str) -> str:
    """A strength or an area for development, from the words of a finding that has no heading saying which."""
    development = len(_DEVELOPMENT_WORDS.findall(text))
    strength = len(_STRENGTH_WORDS.findall(text))
    return FindingKind.DEVELOPMENT.value if development > strength else FindingKind.STRENGTH.value


def _member(name: str, role_text: str, organisation: str, passage: str, played: str = "") -> dict:
    """A team member; ``played`` is the part they played when the letter gives it apart from their job."""
    if not organisation:
        first = _ORGANISATION_FIRST.match(role_text)
        if first:  # "LGA Peer Challenge Manager": the LGA is where they come from
            organisation, role_text = first.group(1), first.group(2)
    return {
        "name": name,
        "role": role_for(played) if played and role_for(played) != TeamRole.REVIEWER.value else role_for(role_text),
        "job_title": role_text,
        "organisation": organisation,
        "passage": passage,
    }


def _day(day: str, month: str, year: str) -> dt.date:
    """A date from a letter's words ("9", "March", "2016"); ValueError if there is no such day."""
    return dt.date(int(year), _MONTHS.split("|").index(month.lower()) + 1, int(day))


#: Words that show a heading is the review's title rather than a name or an address.
_TITLE_WORDS = re.compile(
    r"\b(review|challenge|feedback|letter|assessment|inspection|report|assurance|scrutiny)\b", re.IGNORECASE
)
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
#: The phrases that name each kind of review, in the order a tie is settled.
_KIND_PHRASES = [
    (Kind.PEER_CHALLENGE, ("peer challenge",)),
    (Kind.ASSURANCE_REVIEW, ("assurance review", "assurance report")),
    (Kind.SAFEGUARDING, ("safeguarding peer review",)),
    (Kind.PREPARATION, ("preparation for assurance",)),
    (Kind.SCRUTINY, ("scrutiny review",)),
    (Kind.INSPECTION, ("inspection",)),
]


#: A line that is only a date, as a letter is dated ("11 July 2014", "Date: Friday 4th April 2019").
_LETTER_DATE = re.compile(
    rf"^(?:date[:\s]*)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+"
    rf"({_MONTHS}),?\s+(\d{{4}})\.?$",
    re.IGNORECASE,
)
#: The kind a title names, more precisely than the phrases counted in the text.
_TITLE_KINDS = [
    (Kind.SAFEGUARDING, re.compile(r"\bsafeguarding\b.{0,30}\bpeer\s+(review|challenge)\b", re.I)),
    (Kind.PREPARATION, re.compile(r"\bpreparation\s+for\s+assurance\b", re.I)),
    (Kind.ASSURANCE_REVIEW, re.compile(r"\bassurance\s+(review|report)\b", re.I)),
    (Kind.SCRUTINY, re.compile(r"\bscrutiny\s+review\b", re.I)),
    (Kind.PEER_CHALLENGE, re.compile(r"\bpeer\s+challenge\b", re.I)),
    (Kind.INSPECTION, re.compile(r"\binspection\b", re.I)),
]


def _names_the_review(text: str) -> bool:
    return (
        len(text) <= 200
        and bool(_TITLE_WORDS.search(text))
        and _section_of(text) in ("topic", "other")
        and not re.match(r"^(dear|to|from|re)\b", text, re.IGNORECASE)
    )


def _kind_named(title: str):
    return next((kind for kind, pattern in _TITLE_KINDS if pattern.search(title)), None)


def guess_review(text: str) -> dict:
    """The review's title, kind, dates on site and development label, where the letter shows them."""
    lowered = text.lower()
    # The kind the letter names most often ("peer challenge" ten times beats a passing mention
    # of a safeguarding peer review); the first listed wins a tie.
    counts = {kind: sum(lowered.count(words) for words in phrases) for kind, phrases in _KIND_PHRASES}
    best = max(counts.values())
    kind = (
        next((k for k, _ in _KIND_PHRASES if counts[k] == best), Kind.PEER_CHALLENGE) if best else Kind.PEER_CHALLENGE
    )
    if not best and "peer review" in lowered and "safeguarding" in lowered:
        kind = Kind.SAFEGUARDING
    title = ""
    blocks = blocks_of(text)
    # The letter's first line when it names the review ("Safeguarding Adults Peer Review –
    # Harrow"); else the first heading near the top that does. A letter often opens with its
    # addressee's name or an address, and a section heading ("The scope of the review") names
    # a part of the letter, neither of which is a title.
    for position, block in enumerate(blocks[:6]):
        if (position == 0 or block.kind == "heading") and _names_the_review(block.text):
            title = block.text
            after = blocks[position + 1] if position + 1 < len(blocks) else None
            if (
                block.kind == "heading"
                and after is not None
                and after.kind == "heading"
                and after.level == block.level
                and after.text[:1].islower()
            ):  # a heading a PDF wrapped onto a second line
                title = f"{title} {after.text}"[:200]
            break
    named = _kind_named(title)
    if named is not None:
        kind = named  # the title says what kind of review it was, whatever the text mentions
    letter_date = None
    for block in blocks[:30]:
        dated = _LETTER_DATE.match(block.text.strip())
        if dated:
            try:
                letter_date = _day(*dated.groups())
            except ValueError:
                continue
            break
    on_site_from = on_site_to = None
    days = _DAYS.search(text)
    if days:
        first_day, first_month, first_year, last_day, month, year = days.groups()
        try:
            on_site_to = _day(last_day, month, year)
            on_site_from = _day(first_day, first_month or month, first_year or year)
        except ValueError:
            on_site_from = on_site_to = None
        if on_site_from and on_site_to and on_site_from > on_site_to:
            on_site_from = on_site_to = None
    label = DevelopmentLabel.CONSIDERATION if "areas for consideration" in lowered else DevelopmentLabel.DEVELOPMENT
    if not title:
        # "Peer challenge, 2014": the kind, and the year on site (or the first year the letter names).
        year = on_site_to.year if on_site_to else (int(found.group(0)) if (found := _YEAR.search(text)) else None)
        title = f"{kind.label}, {year}" if year else kind.label
    return {
        "title": title,
        "kind": kind.value,
        "on_site_from": on_site_from.isoformat() if on_site_from else None,
        "on_site_to": on_site_to.isoformat() if on_site_to else None,
        "letter_date": letter_date.isoformat() if letter_date else None,
        "development_label": label.value,
    }


def propose(text: str) -> dict:
    """What the letter seems to say: scope, team, findings and recommendations, each with its passage.

    Returns ``{"review": guess_review(text), "scope": [{text, passage}], "team": [{name, role,
    job_title, organisation, passage}], "findings": [{kind, heading, text, passage}],
    "recommendations": [{number, text, kind, passage}]}``; a recommendation's ``number`` is
    None when the letter leaves it unnumbered (key priorities in bullets, too).
    """
    scope: list[dict] = []
    team: list[dict] = []
    findings: list[dict] = []
    recommendations: list[dict] = []
    section = "other"
    topic = ""
    finding_kind: str | None = None
    scope_list_open = False
    scope_gap = 0  # blocks of page furniture passed over since the scope cue
    topic_is_scope = False  # the findings' heading is a scope question or domain
    list_kind: str | None = None  # the kind a cue ("strong areas include:") gives the bullets after it
    prose_team: list[dict] = []
    writer_in_team = False
    team_list_open = False
    pending_number: tuple[int, str] | None = None  # "Recommendation 12" on a line of its own
    header: list[str] | None = None  # the team table's heading row, lowered
    last: dict | None = None  # the last recommendation, for its sub-items
    topic_scope: int | None = None  # the number of the scope item the findings' heading answers
    key_line = ""  # the one key line of enquiry, when the scope is set out that way
    key_line_pending = False  # "The key line of enquiry was:" and the line itself next

    def add_recommendation(number, body, passage, kind=RecommendationKind.RECOMMENDATION):
        nonlocal last
        last = {"number": number, "text": body, "kind": kind.value, "passage": passage}
        recommendations.append(last)

    blocks = blocks_of(text)
    for block in blocks:
        if scope_list_open and scope_gap < 4 and block.kind in ("para", "heading") and _furniture(block.text):
            scope_gap += 1  # an address block or a footnote between the cue and the list, or inside it
            continue
        if block.kind != "heading" and _SIGN_OFF.match(block.text.strip()):
            # "Yours sincerely": the signer's name and title follow, never an item of the letter.
            section, finding_kind, topic, topic_scope, topic_is_scope, last = "closing", None, "", None, False, None
            scope_list_open = team_list_open = False
            continue
        if section == "closing" and block.kind != "heading":
            continue
        if key_line_pending and block.kind in ("para", "bullet", "numbered"):
            key_line, key_line_pending, scope_list_open, scope_gap = block.text.strip(), False, True, 0
            continue
        if (
            not key_line
            and block.kind in ("para", "bullet")
            and section not in ("findings", "recommendations", "key-priorities", "team", "people")
        ):
            stated = _KEY_LINE.search(block.text)
            if stated:
                # "… the key line of enquiry: How well …?": the sub-areas listed next are its scope.
                key_line = stated.group(1).strip().strip("\"“”'‘’")
                key_line_pending = not key_line
                scope_list_open, scope_gap = True, 0
                continue
        if pending_number is not None and block.kind in ("para", "bullet", "numbered"):
            number, label_line = pending_number
            pending_number = None
            add_recommendation(number, block.text, f"{label_line}\n{block.raw}")
            continue
        if block.kind == "heading":
            label = _REC_LABEL.match(block.text)
            if label:
                if label.group(2):
                    add_recommendation(int(label.group(1)), label.group(2), block.raw)
                else:
                    pending_number = (int(label.group(1)), block.raw)
                continue
            kind_of = _section_of(block.text)
            scope_list_open = team_list_open = False
            last = None
            header = None
            list_kind = None
            if kind_of == "strengths":
                finding_kind, section = FindingKind.STRENGTH.value, "findings"
            elif kind_of == "development":
                finding_kind, section = FindingKind.DEVELOPMENT.value, "findings"
            else:
                finding_kind, section = None, kind_of
                named = _scope_named(_heading_topic(block.text), scope) if kind_of == "topic" else None
                if named:  # a domain or scope question as a heading: the findings below are about it
                    topic, topic_is_scope = named, True
                    topic_scope = _scope_number(named, scope)
                elif kind_of == "topic" and topic_is_scope:
                    pass  # a sub-heading within a domain ("Safeguarding" under "Performance and outcomes")
                elif kind_of == "topic":
                    topic = _heading_topic(block.text)
                    topic_scope = _scope_by_number_or_words(block.text, scope)
                elif kind_of != "other":
                    topic, topic_is_scope, topic_scope = "", False, None
                else:
                    topic_is_scope, topic_scope = False, None
            continue
        if block.kind == "sub":
            if last is not None:
                last["text"] = f"{last['text']} {block.text}"
                last["passage"] = f"{last['passage']}\n{block.raw}"
            continue

        label = _REC_LABEL.match(block.text) if block.kind == "para" else None
        if label and section not in ("scope", "team", "people"):
            if label.group(2):
                add_recommendation(int(label.group(1)), label.group(2), block.raw)
            else:
                pending_number = (int(label.group(1)), block.raw)
            continue

        if block.kind == "para" and not prose_team and section not in ("people", "team"):
            named = team_in_prose(block.text)
            if named is not None:
                members, writer = named
                if not members:
                    team_list_open = True  # "The team members were:" and a list after it
                    continue
                prose_team = [
                    _member(name, role_text, organisation, block.raw) for name, role_text, organisation in members
                ]
                writer_in_team = writer
                continue
        if team_list_open:
            member = _split_member(block.text) if block.kind in ("bullet", "numbered", "para") else None
            if member is not None and _person(member[0].split()) is not None:
                team.append(_member(*member[:3], block.raw, *member[3:]))
                continue
            team_list_open = False
        if section == "team":
            if block.kind == "row":
                cells = block.text.split(" | ")
                lowered = [cell.lower() for cell in cells]
                if header is None and any("name" in cell for cell in lowered):
                    header = lowered
                    continue
                columns = header or ["name", "role", "organisation"]

                def cell(word, columns=columns, cells=cells):
                    for position, heading in enumerate(columns):
                        if word in heading and position < len(cells):
                            return cells[position]
                    return ""

                name = cell("name") or cells[0]
                role_text = cell("role") or cell("job") or (cells[1] if len(cells) > 1 else "")
                organisation = cell("organisation") or cell("council") or (cells[2] if len(cells) > 2 else "")
                team.append(_member(name, role_text, organisation, block.raw))
            elif block.kind in ("bullet", "numbered", "para"):
                member = _split_member(block.text)
                if member is not None:
                    team.append(_member(*member[:3], block.raw, *member[3:]))
            continue
        if section == "people":
            continue
        if section == "scope" or scope_list_open:
            if block.kind in ("numbered", "bullet") or block.text.endswith("?"):
                scope.append({"text": block.text, "passage": block.raw})
                continue
            if key_line and not scope and block.kind == "para" and block.text.rstrip("-").endswith(":"):
                continue  # "Within this we looked at:", between the key line and its sub-areas
            if section != "scope":
                scope_list_open = False
            else:
                continue
        if (
            section not in ("findings", "recommendations", "key-priorities")
            and block.kind == "para"
            and _scope_cue(block.text)
        ):
            scope_list_open, scope_gap = True, 0
            continue
        if (
            scope
            and section not in ("recommendations", "key-priorities")
            and block.kind in ("numbered", "para", "bullet")
        ):
            named = _scope_named(block.text, scope)
            if named:  # the scope question restated: what follows is about it
                topic, topic_is_scope, finding_kind, section, last = named, True, None, "topic", None
                topic_scope = _scope_number(named, scope)
                continue
        if section == "key-priorities":
            if block.kind in ("bullet", "numbered") or (block.kind == "para" and not block.text.endswith(":")):
                if block.kind == "para" and len(block.text.split()) > 60:
                    continue
                add_recommendation(block.number, block.text, block.raw, RecommendationKind.KEY_PRIORITY)
            continue
        if (
            section in ("recommendations", "key-priorities")
            and block.kind == "bullet"
            and last is not None
            and not re.search(r"[.?!:;)\"”]$", last["text"])
        ):  # a page break cut the item before in two: this is the rest of it
            last["text"] = f"{last['text']} {block.text}"
            last["passage"] = f"{last['passage']}\n{block.raw}"
            continue
        if section == "recommendations":
            if block.kind == "numbered":
                add_recommendation(block.number, block.text, block.raw)
            elif block.kind == "bullet" or (
                block.kind == "para" and _RECOMMENDS.match(block.text) and not _introduces_list(block.text)
            ):
                add_recommendation(None, block.text, block.raw)
            continue
        recommends = bool(_RECOMMENDS.match(block.text)) and not _introduces_list(block.text)
        if block.kind == "numbered" and (recommends or "recommend" in block.text.lower()[:60]):
            add_recommendation(block.number, block.text, block.raw)
            continue
        if block.kind in ("para", "bullet") and recommends:
            add_recommendation(None, block.text, block.raw)
            continue
        if (
            section in ("findings", "topic")
            and block.kind == "para"
            and findings
            and block.text[:1].islower()
            and not re.search(r"[.?!:;)\"”]$", findings[-1]["text"])
        ):  # a page break (and perhaps a footnote) cut the finding before in two: this is the rest of it
            findings[-1]["text"] = f"{findings[-1]['text']} {block.text}"
            findings[-1]["passage"] = f"{findings[-1]['passage']}\n{block.raw}"
            continue
        if section == "findings" and finding_kind and block.kind in ("para", "bullet", "numbered"):
            if len(block.text.split()) < 4 or block.text.endswith(":"):
                continue
            findings.append(
                {"kind": finding_kind, "heading": topic, "scope": topic_scope, "text": block.text, "passage": block.raw}
            )
            last = None
            continue
        if section == "topic" and topic_is_scope and finding_kind is None and block.kind in ("para", "bullet"):
            # Findings under a domain with no "Strengths" or "Areas for …" heading: the kind is a guess.
            if block.text.rstrip("-").endswith(":"):
                list_kind = guess_finding_kind(block.text)
                continue
            if len(block.text.split()) < 4 or _furniture(block.text):
                continue
            kind = list_kind if block.kind == "bullet" and list_kind else guess_finding_kind(block.text)
            if block.kind == "para":
                list_kind = None
            findings.append(
                {"kind": kind, "heading": topic, "scope": topic_scope, "text": block.text, "passage": block.raw}
            )
    if prose_team:
        signed = _signature(blocks)
        led = bool(_WRITER_LED.search(text))
        if signed and (writer_in_team or led):
            name, job, organisation, passage = signed
            if all(_fold_text(name) != _fold_text(member["name"]) for member in team + prose_team):
                writer = _member(name, job, organisation, passage)
                if led:
                    writer["role"] = TeamRole.LEAD_DIRECTOR.value
                prose_team.insert(0, writer)
        known = {_fold_text(member["name"]) for member in team}
        team.extend(member for member in prose_team if _fold_text(member["name"]) not in known)
    for member in team:
        if re.match(r"^(councillor|cllr)\b", member["name"], re.IGNORECASE) and member["role"] in (
            TeamRole.OFFICER_PEER.value,
            TeamRole.REVIEWER.value,
        ):
            member["role"] = TeamRole.MEMBER_PEER.value
    review = guess_review(text)
    review["scope_style"] = "key-line" if key_line and scope else "questions"
    review["key_line_of_enquiry"] = key_line if key_line and scope else ""
    return {
        "review": review,
        "scope": scope,
        "team": team,
        "findings": findings,
        "recommendations": recommendations,
    }


#: The keys of a proposal the issue names (the command's JSON): the review guess is extra.
PROPOSAL_KEYS = ("scope", "team", "findings", "recommendations")


def public_proposal(proposal: dict) -> dict:
    """The proposal as the command prints it: exactly the keys the issue names."""
    return {key: proposal.get(key, []) for key in PROPOSAL_KEYS}
