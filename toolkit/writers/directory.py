"""Write the exercise directory: a workbook to filter (.xlsx) and a Markdown table to read or diff."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import astuple

from toolkit.core.output import build_datetime
from toolkit.render.directory import COLUMNS, ExerciseRow
from toolkit.render.mdescape import escape_inline

SHEET = "Exercises"
TITLE = "Exercise directory"
LINE_POINTS = 15  # the height of one line of 11-point text
MAX_LINES = 8  # a longer cell scrolls rather than make one row fill the screen


def _lines(values: tuple[object, ...], widths: list[int]) -> int:
    """Return how many lines the longest cell of a row wraps to at the columns' widths (1 to MAX_LINES)."""
    needed = max(math.ceil(len(str(value)) / width) for value, width in zip(values, widths))
    return min(max(needed, 1), MAX_LINES)


def directory_workbook(rows: Sequence[ExerciseRow]) -> bytes:
    """Return the directory as .xlsx bytes: a header row that stays in view, a filter on every column, widths to read.

    Minutes and numbers are numbers, so a spreadsheet filters "30 or less"; the same rows
    and build date always give the same bytes.
    """
    import xlsxwriter  # type: ignore[import-untyped]  # XlsxWriter ships no type information

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False})
    workbook.set_properties({"title": TITLE, "created": build_datetime().replace(tzinfo=None)})
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
    text = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet(SHEET)
    for column, (heading, width) in enumerate(COLUMNS.values()):
        sheet.set_column(column, column, width, text)
        sheet.write_string(0, column, heading, header)
    sheet.set_row(0, LINE_POINTS * 2)
    widths = [width for _heading, width in COLUMNS.values()]
    for index, row in enumerate(rows, 1):
        values = astuple(row)
        # Spreadsheets do not grow a row for wrapped text they did not write: give it the lines its longest cell needs.
        sheet.set_row(index, LINE_POINTS * _lines(values, widths))
        for column, value in enumerate(values):
            if isinstance(value, int):
                sheet.write_number(index, column, value, text)
            elif value:
                sheet.write_string(index, column, value, text)
            else:
                sheet.write_blank(index, column, None, text)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(COLUMNS) - 1)
    # Printed: landscape, as wide as the page, the header on every page.
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    workbook.close()
    return buffer.getvalue()


def directory_markdown(rows: Sequence[ExerciseRow]) -> str:
    """Return the directory as a Markdown document: a title and one table row for each activity."""
    headings = [heading for heading, _width in COLUMNS.values()]
    lines = [
        f"# {TITLE}",
        "",
        f"{len(rows)} activities.",
        "",
        "| " + " | ".join(headings) + " |",
        "|" + "---|" * len(headings),
    ]
    lines += ["| " + " | ".join(escape_inline(str(value)) for value in astuple(row)) + " |" for row in rows]
    return "\n".join(lines) + "\n"
