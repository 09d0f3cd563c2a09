"""The exam sheets' one-sheet workbooks (answer sheet, 情景 marking sheet, sign-in sheet), written directly.

The same parts, cells, styles, column widths, frozen panes and data validations that openpyxl wrote for
them, in a fraction of the CPU: openpyxl built and serialized a cell object per cell (44,000 on the
marking sheet of 2,000 papers, about 0.7 s); here a row is one formatted string. The workbook is
reproducible (fixed times in the zip and the document properties): same inputs, same bytes. Tests and
grading read these files back with openpyxl.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any, Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

from servicebook import tables
from servicebook.tables import EXAM_PROPERTY, exam_line

# Cell styles (their index in cellXfs below).
PLAIN, BOLD, HEADER, TEXT, WRAP, GREY = range(6)

FIXED_TIME = "2000-01-01T00:00:00Z"  # workbook properties carry no real time: same inputs, same bytes
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument"
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EDGE_SPACE = re.compile(r"^\s|\s$")

_CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.spreadsheetml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    f'<Override PartName="/docProps/app.xml" ContentType="{_CT}.extended-properties+xml"/>'
    f'<Override PartName="/docProps/custom.xml" ContentType="{_CT}.custom-properties+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.spreadsheetml.worksheet+xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.spreadsheetml.sheet.main+xml"/></Types>')
_ROOT_RELS = (
    f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Type="{_REL}/officeDocument" Target="xl/workbook.xml" Id="rId1"/>'
    f'<Relationship Type="{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml" Id="rId2"/>'
    f'<Relationship Type="{_REL}/extended-properties" Target="docProps/app.xml" Id="rId3"/>'
    f'<Relationship Type="{_REL}/custom-properties" Target="docProps/custom.xml" Id="rId4"/></Relationships>')
_APP = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        '<Application>Microsoft Excel Compatible / servicebook</Application></Properties>')
_CORE = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
         'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>servicebook</dc:creator>'
         f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:created>'
         f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:modified></cp:coreProperties>')
_WORKBOOK_RELS = (
    f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Type="{_REL}/worksheet" Target="/xl/worksheets/sheet1.xml" Id="rId1"/>'
    f'<Relationship Type="{_REL}/styles" Target="styles.xml" Id="rId2"/></Relationships>')
_XF = '<xf numFmtId="{}" fontId="{}" fillId="{}" borderId="0" xfId="0"{}>{}</xf>'
_STYLES = (
    f'<styleSheet xmlns="{_NS}">'
    '<fonts count="2"><font><name val="Calibri"/><family val="2"/><sz val="11"/></font><font><b val="1"/></font></fonts>'
    '<fills count="4"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="00DDDDDD"/></patternFill></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="00EEEEEE"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6">'
    + _XF.format(0, 0, 0, "", "")  # PLAIN
    + _XF.format(0, 1, 0, ' applyFont="1"', "")  # BOLD
    + _XF.format(0, 1, 2, ' applyFont="1" applyFill="1" applyAlignment="1"', '<alignment horizontal="center"/>')
    + _XF.format(49, 0, 0, ' applyNumberFormat="1"', "")  # TEXT: "@", a 工号 keeps its leading zeros
    + _XF.format(0, 0, 0, ' applyAlignment="1"', '<alignment vertical="top" wrapText="1"/>')  # WRAP
    + _XF.format(0, 0, 3, ' applyFill="1"', "")  # GREY
    + '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


@dataclass(frozen=True)
class Validation:
    """A data validation rule over `sqref` (space-separated ranges), as Excel/WPS check a typed value."""

    sqref: str
    type: str  # "list" | "decimal"
    formula1: str
    error_title: str
    error: str
    formula2: str | None = None
    operator: str | None = None

    def xml(self) -> str:
        operator = f' operator="{self.operator}"' if self.operator else ""
        second = f"<formula2>{escape(self.formula2)}</formula2>" if self.formula2 is not None else ""
        return (f'<dataValidation sqref="{self.sqref}" showDropDown="0" showInputMessage="0" showErrorMessage="1" '
                f'allowBlank="1" errorTitle={quoteattr(self.error_title)} error={quoteattr(self.error)} '
                f'type="{self.type}"{operator}><formula1>{escape(self.formula1)}</formula1>{second}</dataValidation>')


def column_letter(number: int) -> str:
    """1 → A, 26 → Z, 27 → AA (numbered from 1, as openpyxl and Excel count columns)."""
    return tables.column_letter(number - 1)


def cells_xml(row: int, values: Sequence[Any], styles: Sequence[int], letters: Sequence[str]) -> str:
    """One row's cells as openpyxl writes them: text inline, numbers as "%.16g", an empty cell only when styled.
    `styles` and `letters` are at least as long as `values`."""
    parts = []
    for value, style, letter in zip(values, styles, letters):
        s = f' s="{style}"' if style else ""
        if type(value) is str and value:  # the common case first
            text = escape(value)
            if _ILLEGAL_XML.search(text):
                text = _ILLEGAL_XML.sub("", text)
            space = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
            parts.append(f'<c r="{letter}{row}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>')
        elif value is None or value == "":
            if style:
                parts.append(f'<c r="{letter}{row}"{s}/>')
        elif isinstance(value, bool):
            parts.append(f'<c r="{letter}{row}"{s} t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, (int, float)):
            parts.append(f'<c r="{letter}{row}"{s} t="n"><v>{"%.16g" % value}</v></c>')
        else:
            return cells_xml(row, [v if isinstance(v, (int, float, type(None))) else str(v) for v in values],
                             styles, letters)
    return "".join(parts)


def sheet_workbook(*, sheet: str, exam_id: str, title: str, note: str = "", header: Sequence[str],
                   rows: Iterable[tuple[Sequence[Any], Sequence[int]]], widths: dict[int, float], freeze: str,
                   validations: Sequence[Validation] = ()) -> bytes:
    """A one-sheet workbook: row 1 names the exam (A1, bold; its title and `note` in D1), row 2 the header
    (bold, shaded, centred), then `rows` as (values, their styles). `widths` maps column numbers (1 = A)
    to widths; `freeze` is the top-left cell of the scrolling pane ("D3"). The exam id is also a
    custom document property (servicebook.tables reads either)."""
    width = max(len(header), 4)
    letters = [column_letter(i) for i in range(1, width + 1)]
    header_styles = [HEADER] * len(header)
    body = [f'<row r="1">{cells_xml(1, [exam_line(exam_id), None, None, f"{title}（第 1、2 行请勿修改）{note}"], [BOLD, 0, 0, 0], letters)}</row>',
            f'<row r="2">{cells_xml(2, header, header_styles, letters)}</row>']
    number = 2
    for values, styles in rows:
        number += 1
        if len(values) > len(letters):
            letters += [column_letter(i) for i in range(len(letters) + 1, len(values) + 1)]
        body.append(f'<row r="{number}">{cells_xml(number, values, styles, letters)}</row>')
        width = max(width, _last_written(values, styles))
    match = re.fullmatch(r"([A-Z]+)(\d+)", freeze)
    assert match, freeze
    x_split, y_split = _column_number(match.group(1)) - 1, int(match.group(2)) - 1
    if x_split and y_split:
        pane = (f'<pane xSplit="{x_split}" ySplit="{y_split}" topLeftCell="{freeze}" activePane="bottomRight" '
                'state="frozen"/><selection pane="topRight"/><selection pane="bottomLeft"/>'
                '<selection pane="bottomRight" activeCell="A1" sqref="A1"/>')
    elif y_split:
        pane = (f'<pane ySplit="{y_split}" topLeftCell="{freeze}" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A1" sqref="A1"/>')
    else:
        pane = (f'<pane xSplit="{x_split}" topLeftCell="{freeze}" activePane="topRight" state="frozen"/>'
                '<selection pane="topRight" activeCell="A1" sqref="A1"/>')
    cols = "".join(f'<col width="{size:g}" customWidth="1" min="{column}" max="{column}"/>'
                   for column, size in sorted(widths.items()))
    rules = (f'<dataValidations count="{len(validations)}">{"".join(v.xml() for v in validations)}</dataValidations>'
             if validations else "")
    worksheet = (
        f'<worksheet xmlns="{_NS}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr/></sheetPr>'
        f'<dimension ref="A1:{column_letter(width)}{number}"/><sheetViews><sheetView workbookViewId="0">{pane}'
        f'</sheetView></sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>'
        f'{f"<cols>{cols}</cols>" if cols else ""}<sheetData>{"".join(body)}</sheetData>{rules}'
        '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>')
    workbook = (
        f'<workbook xmlns:r="{_REL}" xmlns="{_NS}"><workbookPr/><bookViews><workbookView activeTab="0"/></bookViews>'
        f'<sheets><sheet name={quoteattr(sheet)} sheetId="1" state="visible" r:id="rId1"/></sheets>'
        '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')
    custom = ('<Properties xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes" '
              'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties">'
              f'<property name={quoteattr(EXAM_PROPERTY)} fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2">'
              f'<vt:lpwstr>{escape(exam_id)}</vt:lpwstr></property></Properties>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _ROOT_RELS),
                           ("docProps/app.xml", _APP), ("docProps/core.xml", _CORE), ("docProps/custom.xml", custom),
                           ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
                           ("xl/styles.xml", _STYLES), ("xl/worksheets/sheet1.xml", worksheet)):
            archive.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), text.encode("utf-8"),
                             compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _last_written(values: Sequence[Any], styles: Sequence[int]) -> int:
    """The number of the last column of a row that has a cell written (a value, or a style)."""
    for index in range(len(values), 0, -1):
        if values[index - 1] not in (None, "") or styles[index - 1]:
            return index
    return 0


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number
