"""Building import files in tests: CSV text in any encoding, and real Excel workbooks."""

from __future__ import annotations

import io

from openpyxl import Workbook

OBSERVATION_HEADINGS = ["organisation", "indicator", "period", "value", "numerator", "denominator", "status"]
EXPENDITURE_HEADINGS = ["organisation", "service_line", "financial_year", "amount", "basis", "measure"]


def csv_bytes(*rows, encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    """Rows (lists of cell text) as a CSV file; cells are quoted only when they must be."""
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            text = "" if cell is None else str(cell)
            if any(ch in text for ch in (delimiter, '"', "\n")):
                text = '"' + text.replace('"', '""') + '"'
            cells.append(text)
        lines.append(delimiter.join(cells))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def observations_csv(*rows, headings=OBSERVATION_HEADINGS, **kwargs) -> bytes:
    return csv_bytes(headings, *rows, **kwargs)


def expenditure_csv(*rows, headings=EXPENDITURE_HEADINGS, **kwargs) -> bytes:
    return csv_bytes(headings, *rows, **kwargs)


def xlsx_bytes(rows, *, sheets=None, build=None) -> bytes:
    """A workbook whose first sheet holds ``rows``; ``sheets`` adds named sheets; ``build(workbook)`` edits it."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(list(row))
    for title, sheet_rows in (sheets or {}).items():
        extra = workbook.create_sheet(title)
        for row in sheet_rows:
            extra.append(list(row))
    if build is not None:
        build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check(
    data: bytes, *, kind: str = "observations", name: str = "file.csv", organisation=None, user=None, options=None
):
    """Read, map automatically and check a file as the engine does; returns the CheckResult."""
    from ascent.imports import engine
    from ascent.imports.reading import read_table

    schema = engine.get_schema(kind)
    table = read_table(data, name)
    mapping = engine.auto_map(schema, table.headers)
    return engine.check_table(schema, table, mapping, organisation=organisation, user=user, options=options)


def error_triples(result):
    """Each error as (row, column, reason)."""
    return [(error.row, error.column, error.reason) for error in result.errors]


def web_run(data: bytes, organisation, user, *, kind: str = "observations", name: str = "figures.csv", options=None):
    """Upload and check a file in an organisation's space, as the pages do; returns the run."""
    from ascent.imports import engine
    from ascent.imports.reading import read_table

    table = read_table(data, name)
    run = engine.start_run(kind=kind, data=data, file_name=name, table=table, organisation=organisation, user=user)
    if options is not None:
        engine.set_run_mapping(run, engine.run_mapping(run), options)
        run.save()
    engine.check_run(run, user=user)
    return run


def web_import(data: bytes, organisation, user, **kwargs):
    """Upload, check and commit a file; returns the run."""
    from ascent.imports import engine

    run = web_run(data, organisation, user, **kwargs)
    engine.commit_run(run, user=user)
    run.refresh_from_db()
    return run


_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def xlsx_of_identical_rows(rows: int, *, columns: int = 4, dimension: str | None = None, headings=None) -> bytes:
    """A workbook of ``rows`` identical rows of numbers, written as a stream: small on disk however
    many rows (3 million rows compress to under 1 MB), as a zip bomb is. ``dimension`` is the
    ``<dimension ref>`` the sheet declares (none by default; it may lie)."""
    import zipfile

    buffer = io.BytesIO()
    row = ("<row>" + "".join(f'<c t="n"><v>{n}</v></c>' for n in range(columns)) + "</row>").encode()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _XLSX_PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            if headings:
                cells = "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' for text in headings)
                sheet.write(f"<row>{cells}</row>".encode())
            block = row * 10_000
            for _ in range(rows // 10_000):
                sheet.write(block)
            sheet.write(row * (rows % 10_000))
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()
