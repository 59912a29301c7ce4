"""A contact sheet: every page of a file as a small picture on one PNG, numbered, to see a whole file at a glance."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from toolkit.writers.pdf.compile import FONT_DIR

COLUMNS = 4
THUMBNAIL_WIDTH = 320  # pixels
GAP = 16  # pixels between pictures, and around them
LABEL_HEIGHT = 22  # room under each picture for its number
BACKGROUND = (232, 236, 238)
FRAME = (140, 140, 140)
INK = (31, 42, 48)


@lru_cache(maxsize=1)
def _label_font() -> ImageFont.FreeTypeFont:
    """Return the bundled Liberation Sans at the size of the page numbers."""
    return ImageFont.truetype(str(FONT_DIR / "LiberationSans-Regular.ttf"), 14)


def contact_sheet(pages: Sequence[bytes], columns: int = COLUMNS) -> bytes:
    """Return a PNG with each page (PNG bytes) scaled to one width, in rows of `columns`, numbered from 1."""
    thumbnails = []
    for data in pages:
        with Image.open(io.BytesIO(data)) as page:
            height = max(1, round(page.height * THUMBNAIL_WIDTH / page.width))
            # BOX averages the pixels each thumbnail pixel covers: sharp enough to shrink by 2–3, and fast.
            thumbnails.append(page.convert("RGB").resize((THUMBNAIL_WIDTH, height), Image.Resampling.BOX))
    columns = max(1, min(columns, len(thumbnails)))
    rows = [thumbnails[start : start + columns] for start in range(0, len(thumbnails), columns)]
    row_heights = [max(picture.height for picture in row) + LABEL_HEIGHT for row in rows]
    width = GAP + columns * (THUMBNAIL_WIDTH + GAP)
    sheet = Image.new("RGB", (width, GAP + sum(height + GAP for height in row_heights)), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    top = GAP
    number = 1
    for row, row_height in zip(rows, row_heights):
        for column, picture in enumerate(row):
            left = GAP + column * (THUMBNAIL_WIDTH + GAP)
            sheet.paste(picture, (left, top))
            draw.rectangle((left - 1, top - 1, left + picture.width, top + picture.height), outline=FRAME)
            draw.text((left, top + picture.height + 4), str(number), fill=INK, font=_label_font())
            number += 1
        top += row_height + GAP
    output = io.BytesIO()
    sheet.save(output, format="PNG", compress_level=3)  # a little larger, several times faster to write
    return output.getvalue()
