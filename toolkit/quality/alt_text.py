"""Alt text that helps nobody: none at all, or a file name; and pictures marked decorative, which need none."""

from __future__ import annotations

import re

from lxml import etree

# Office's "Mark as decorative": an extension on the picture's non-visual properties.
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
IMAGE_FILE = re.compile(r"(?i)^[\w\s\-.~()/\\:]*\.(?:png|jpe?g|gif|bmp|tiff?|svg|emf|wmf|webp|heic|avif)$")


def is_file_name(alt: str) -> bool:
    """Return True when alt text is only a file name or path, such as "IMG_2041.JPG"."""
    return bool(IMAGE_FILE.match(alt.strip()))


def is_decorative(properties: etree._Element) -> bool:
    """Return True when a picture's properties (`p:cNvPr`, `wp:docPr`) mark it as decorative."""
    return any(mark.get("val") in ("1", "true") for mark in properties.iter(DECORATIVE))
