"""Check image files from untrusted modules before any writer embeds them."""

from __future__ import annotations

from pathlib import Path

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = ("PNG", "JPEG", "GIF")


def check_image(path: Path) -> str | None:
    """Return what is wrong with an image file, or None when it is a usable PNG, JPEG or GIF.

    The header alone can declare 60000×60000 pixels in a few bytes, so the pixel count is
    checked before anything decodes it; `verify` then reads the whole file for truncation.
    """
    from PIL import Image, UnidentifiedImageError

    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return f"the image is {size:,} bytes; the limit is {MAX_IMAGE_BYTES:,}"
    try:
        with Image.open(path) as image:
            if image.format not in IMAGE_FORMATS:
                return f"the image is {image.format}; use PNG, JPEG or GIF"
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                return f"the image is {width}×{height} pixels; the limit is {MAX_IMAGE_PIXELS:,} pixels"
            image.verify()
    except Image.DecompressionBombError:
        return f"the image declares more pixels than the limit of {MAX_IMAGE_PIXELS:,}"
    except UnidentifiedImageError:
        return "not an image file that can be read (PNG, JPEG or GIF)"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"the image is damaged or truncated ({type(exc).__name__})"
    return None
