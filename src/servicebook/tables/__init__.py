"""Trainer spreadsheets: CSV/XLSX in (`reading.py`, every cell as Excel/WPS displayed it), XLSX out
(`writing.py`, the streaming writer behind every workbook we produce)."""

from servicebook.tables.reading import (
    CSV_ENCODINGS, EXAM_PROPERTY, XLSX_SUFFIXES, Table, cell_text, exam_line, marked_exam, number_text, read_table,
)
from servicebook.tables.writing import (
    CHANGE, DECIMAL, ONE_DECIMAL, PERCENT, PERCENT_CHANGE, Column, column_letter, display_width, sheet_names,
    write_workbook,
)

__all__ = [
    "CHANGE", "CSV_ENCODINGS", "DECIMAL", "EXAM_PROPERTY", "ONE_DECIMAL", "PERCENT", "PERCENT_CHANGE",
    "XLSX_SUFFIXES", "Column", "Table", "cell_text", "column_letter", "display_width", "exam_line", "marked_exam",
    "number_text", "read_table", "sheet_names", "write_workbook",
]
