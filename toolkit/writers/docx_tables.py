"""Column widths for Word tables: every column fits its longest word, the rest is shared by text length."""

from __future__ import annotations

from toolkit.render.doctree import Inlines, plain_text
from toolkit.writers.units import Cm, Length, Pt

# About one character of 10 pt Arial, bold, and the cell margins on both sides of it.
CHAR_WIDTH = Pt(6)
CELL_PADDING = Cm(0.5)
# A cell longer than this wraps anyway, so it claims no more room than this.
LONG_CELL = 60


def column_widths(rows: tuple[tuple[Inlines, ...], ...], columns: int, width: Length) -> list[Length]:
    """Return `columns` widths that add up to `width`.

    Each column first gets room for its longest word, so no word is broken; what is left is
    shared in proportion to the length of each column's longest cell.
    """
    texts = [[plain_text(row[index]) if index < len(row) else "" for row in rows] for index in range(columns)]
    floors = [CHAR_WIDTH * _longest_word(column) + CELL_PADDING for column in texts]
    if sum(floors) >= width:
        return _fit([float(floor) for floor in floors], width)
    wants = [min(max(len(text) for text in column), LONG_CELL) or 1 for column in texts]
    spare = width - sum(floors)
    return _fit([floor + spare * want / sum(wants) for floor, want in zip(floors, wants)], width)


def _longest_word(texts: list[str]) -> int:
    """Return the length of the longest word in `texts`, at least 1."""
    return max((len(word) for text in texts for word in text.split()), default=1)


def _fit(shares: list[float], width: Length) -> list[Length]:
    """Return `shares` scaled to whole lengths that add up to exactly `width`."""
    total = sum(shares)
    widths = [Length(int(width * share / total)) for share in shares]
    widths[-1] = Length(width - sum(widths[:-1]))
    return widths
