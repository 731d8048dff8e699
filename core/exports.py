"""Excel exports of any size with flat memory, safe from formula injection.

XlsxWriter's constant-memory mode writes each row to a temporary file as it
goes, and the finished workbook is streamed from disk; rows are read from the
database in chunks.
"""

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

import xlsxwriter
from django.http import FileResponse
from django.utils import timezone
from django.utils.encoding import force_str

from core.validators import FORMULA_PREFIXES


def safe_cell(value):
    """A value as a cell: text that a spreadsheet would run as a formula is prefixed with '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return value
    text = force_str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


@dataclass
class Column:
    header: str
    value: Callable
    width: int = 16


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterable


def write_workbook(sheets: list[Sheet], fileobj) -> None:
    workbook = xlsxwriter.Workbook(
        fileobj, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = workbook.add_format({"bold": True, "bg_color": "#F2D7D5", "border": 1})
    for sheet in sheets:
        ws = workbook.add_worksheet(force_str(sheet.title)[:31])
        for col, column in enumerate(sheet.columns):
            ws.set_column(col, col, column.width)
            # Headers may be names people typed (a street's, in the report's figure sheet).
            ws.write_string(0, col, safe_cell(force_str(column.header)), bold)
        ws.freeze_panes(1, 0)
        for row_index, row in enumerate(sheet.rows, start=1):
            for col, column in enumerate(sheet.columns):
                value = safe_cell(column.value(row))
                if isinstance(value, str):
                    ws.write_string(row_index, col, value)
                else:
                    ws.write_number(row_index, col, value)
    workbook.close()


def xlsx_response(sheets: list[Sheet], filename: str) -> FileResponse:
    """Write the workbook to a temporary file and stream it to the browser."""
    tmp = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    write_workbook(sheets, tmp)
    tmp.seek(0)
    return FileResponse(
        tmp,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def chunked(queryset, size: int = 2000):
    """Iterate a queryset in chunks (prefetches are honoured per chunk)."""
    return queryset.iterator(chunk_size=size)
