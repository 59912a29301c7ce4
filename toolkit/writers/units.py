"""Lengths in English Metric Units (EMU), the unit of both Office formats, with conversions.

The same arithmetic as python-pptx's and python-docx's `Length`, kept here so the build
path needs neither library: 914,400 EMU to the inch, 12,700 to the point.
"""

from __future__ import annotations

EMU_PER_INCH = 914_400
EMU_PER_CM = 360_000
EMU_PER_PT = 12_700
EMU_PER_TWIP = 635


class Length(int):
    """A length in EMU; an int, so lengths add, compare and divide like numbers."""

    @property
    def pt(self) -> float:
        """Return the length in points."""
        return self / EMU_PER_PT

    @property
    def twips(self) -> int:
        """Return the length in twentieths of a point, WordprocessingML's unit for spacing and widths."""
        return round(self / EMU_PER_TWIP)


def Emu(value: float) -> Length:
    """Return a length of `value` EMU."""
    return Length(int(value))


def Pt(value: float) -> Length:
    """Return a length of `value` points."""
    return Length(int(value * EMU_PER_PT))


def Inches(value: float) -> Length:
    """Return a length of `value` inches."""
    return Length(int(value * EMU_PER_INCH))


def Cm(value: float) -> Length:
    """Return a length of `value` centimetres."""
    return Length(int(value * EMU_PER_CM))
