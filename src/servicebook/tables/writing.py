"""The streaming XLSX writer behind results.xlsx, the rejected-rows file and every report workbook.

Files open in Excel/WPS ready to use: a bold, shaded, frozen header row with a filter, columns as
wide as their contents, numbers stored as numbers and shown in the column's format (a pass rate
as 87.5%), sheet names that Excel accepts and that differ from each other.

Why not a library: measured here for 100,000 rows × 8 cells, openpyxl write-only with lxml 8.1 s,
XlsxWriter constant-memory 8.3 s, pyexcelerate 4.9 s, this writer 0.8 s; with a library the
quarterly report over 100,000 staff missed its 15 s budget (28 s). It writes inline strings and a
small fixed stylesheet. Tests read every file it writes back with openpyxl.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any, Iterable
from xml.sax.saxutils import escape as xml_escape

from servicebook.paths import atomic_path

# ---- Column formats ----

PERCENT = "0.0%"  # a share stored as 0.875, shown as 87.5%
DECIMAL = "0.00"  # coefficients (区分度, KR-20)
ONE_DECIMAL = "0.0"  # averages
CHANGE = "+0.0;-0.0;0.0"  # a change in an average: +2.5
PERCENT_CHANGE = "+0.0%;-0.0%;0.0%"  # a change in a rate, in percentage points: +5.0%
MAX_WIDTH = 60  # characters; longer text (question stems) is cut off on screen, not in the cell
SAMPLE_ROWS = 200  # rows looked at to size the columns (the writer streams the rest)


class Column(str):
    """A header that says how its numbers are shown; it is still the header text everywhere else."""

    number_format: str
    width: float | None

    def __new__(cls, name: str, number_format: str = "", width: float | None = None) -> Column:
        column = super().__new__(cls, name)
        column.number_format, column.width = number_format, width
        return column


Table = tuple[str, list[str], Iterable[list[Any]]]  # (sheet name, headers, rows)


def write_workbook(path: Path, tables: list[Table], *, above: str = "") -> None:
    """Write tables as one .xlsx atomically (a temporary file renamed into place).

    `above` is a line of text above each header (a sheet that names its exam); the header stays frozen."""
    formats = sorted({getattr(h, "number_format", "") for _, headers, _ in tables for h in headers} - {""})
    styles = {fmt: index for index, fmt in enumerate(formats, start=2)}  # 0 plain, 1 header
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _content_types(len(tables)))
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _workbook_xml(sheet_names([t[0] for t in tables])))
        archive.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(tables)))
        archive.writestr("xl/styles.xml", _styles_xml(formats))
        for number, (_, headers, rows) in enumerate(tables, start=1):
            with archive.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as handle:
                _write_sheet_xml(handle, headers, rows, styles, above)


def sheet_names(titles: list[str]) -> list[str]:
    """Names Excel accepts: no []:*?/\\, at most 31 characters, none equal ignoring case."""
    names, seen = [], set()
    for title in titles:
        base = re.sub(r"[\[\]:*?/\\]", "_", title).strip("'") or "Sheet"
        name, count = base[:31], 1
        while name.casefold() in seen:
            count += 1
            suffix = f"（{count}）"
            name = base[:31 - len(suffix)] + suffix
        seen.add(name.casefold())
        names.append(name)
    return names


def display_width(value: Any) -> float:
    """Roughly how many character cells Excel needs: CJK characters are two wide."""
    text = f"{value:.2f}" if isinstance(value, float) else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1.1 for c in text)


# ---- Package parts ----

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ROOT_RELS = (f'{_XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _content_types(count: int) -> str:
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_CT}.worksheet+xml"/>'
                     for i in range(1, count + 1))
    return (f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_SHEET_CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_SHEET_CT}.styles+xml"/>{sheets}</Types>')


def _workbook_xml(names: list[str]) -> str:
    sheets = "".join(f'<sheet name="{xml_escape(name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
                     for i, name in enumerate(names, start=1))
    return f'{_XML}<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>{sheets}</sheets></workbook>'


def _workbook_rels(count: int) -> str:
    rels = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, count + 1))
    styles = f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
    return (f'{_XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'{rels}{styles}</Relationships>')


def _styles_xml(formats: list[str]) -> str:
    """Style 0 plain, 1 the header (bold, shaded), then one per number format in `formats` order."""
    num_fmts = "".join(f'<numFmt numFmtId="{164 + i}" formatCode="{xml_escape(f)}"/>' for i, f in enumerate(formats))
    xfs = ('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
           + "".join(f'<xf numFmtId="{164 + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
                     for i in range(len(formats))))
    return (f'{_XML}<styleSheet xmlns="{_NS}">'
            + (f'<numFmts count="{len(formats)}">{num_fmts}</numFmts>' if formats else "")
            + '<fonts count="2"><font><sz val="11"/><name val="等线"/></font>'
            '<font><b/><sz val="11"/><name val="等线"/></font></fonts>'
            '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
            '</fill><fill><patternFill patternType="solid"><fgColor rgb="FFDDE4F0"/><bgColor indexed="64"/>'
            '</patternFill></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{2 + len(formats)}">{xfs}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '</styleSheet>')


# ---- Worksheets ----

def _write_sheet_xml(handle, headers: list[str], rows: Iterable[list[Any]], styles: dict[str, int],
                     above: str = "") -> None:
    rows = iter(rows)
    sample = list(itertools.islice(rows, SAMPLE_ROWS))
    column_styles = [_style_attr(styles.get(getattr(h, "number_format", ""))) for h in headers]
    head = f"<row>{''.join(_cell_xml(h, HEADER) for h in headers)}</row>"
    header_row = 2 if above else 1
    first = f"A{header_row + 1}"
    handle.write(
        f'{_XML}<worksheet xmlns="{_NS}"><sheetViews><sheetView workbookViewId="0">'
        f'<pane ySplit="{header_row}" topLeftCell="{first}" activePane="bottomLeft" state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="{first}" sqref="{first}"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/>{_cols_xml(headers, sample)}<sheetData>'
        f'{"<row>" + _cell_xml(above, HEADER) + "</row>" if above else ""}{head}'.encode("utf-8"))
    count, width = header_row, max(len(headers), 1)
    plain = not any(column_styles)
    chunk: list[str] = []
    for row in itertools.chain(sample, rows):
        count += 1
        if plain:
            chunk.append("<row>" + "".join(map(_cell_xml, row)) + "</row>")
        else:
            styles_then_none = itertools.chain(column_styles, _UNSTYLED)  # rows may be longer than the header
            chunk.append("<row>" + "".join(map(_cell_xml, row, styles_then_none)) + "</row>")
        if len(chunk) >= 2000:
            handle.write("".join(chunk).encode("utf-8"))
            chunk.clear()
    last = f"{column_letter(width - 1)}{count}"
    handle.write(("".join(chunk) + f'</sheetData><autoFilter ref="A{header_row}:{last}"/></worksheet>').encode("utf-8"))


def _cols_xml(headers: list[str], sample: list[list[Any]]) -> str:
    if not headers:
        return ""
    cols = []
    for index, header in enumerate(headers):
        width = getattr(header, "width", None)
        if width is None:
            values = [row[index] for row in sample if index < len(row) and row[index] not in (None, "")]
            width = max([display_width(header) + 2.5] + [display_width(v) + 1.5 for v in values])
        width = min(max(width, 6), MAX_WIDTH)
        cols.append(f'<col min="{index + 1}" max="{index + 1}" width="{width:.1f}" customWidth="1"/>')
    return f"<cols>{''.join(cols)}</cols>"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as Excel/WPS names it."""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


HEADER = ' s="1"'  # the header style (bold, shaded)
_UNSTYLED = itertools.repeat("")


def _style_attr(style: int | None) -> str:
    return f' s="{style}"' if style else ""


def _cell_xml(value: Any, s: str = "") -> str:
    """One cell; `s` is its style attribute (' s="2"') or ""."""
    if type(value) is str and value:  # the common case first: plain text
        return f'<c t="inlineStr"{s}><is><t xml:space="preserve">{_ILLEGAL_XML.sub("", xml_escape(value))}</t></is></c>'
    if value is None or value == "":
        return f"<c{s}/>"
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, (int, float)) and math.isfinite(value):
        return f"<c{s}><v>{value!r}</v></c>" if isinstance(value, float) else f"<c{s}><v>{value}</v></c>"
    text = _ILLEGAL_XML.sub("", xml_escape(str(value)))
    return f'<c t="inlineStr"{s}><is><t xml:space="preserve">{text}</t></is></c>'
