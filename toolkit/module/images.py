"""Check image files from untrusted modules before any writer embeds them."""

from __future__ import annotations

from pathlib import Path

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = ("PNG", "JPEG", "GIF")
# A phone's JPEG with a second picture (depth map, preview) appended: its first frame is a plain JPEG.
SAME_AS = {"MPO": "JPEG"}
ORIENTATION = 0x0112  # the EXIF tag saying how a camera held the picture
TURNED = {
    2: "mirrored",
    3: "upside down",
    4: "upside down and mirrored",
    5: "on its side and mirrored",
    6: "on its side (turned 90° anticlockwise)",
    7: "on its side and mirrored",
    8: "on its side (turned 90° clockwise)",
}


def image_format(name: str | None) -> str | None:
    """Return the format an image counts as ("JPEG" for a phone's MPO), as Pillow names formats."""
    return SAME_AS.get(name or "", name)


def check_image(path: Path) -> str | None:
    """Return what is wrong with an image file, or None when it is a usable PNG, JPEG or GIF.

    The header alone can declare 60000×60000 pixels in a few bytes, so the pixel count is
    checked before anything decodes it (for a GIF, the pixels of all its frames, counted
    from the frame headers); `verify` then reads the whole file for truncation.
    """
    from PIL import Image, UnidentifiedImageError

    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return f"the image is {size:,} bytes; the limit is {MAX_IMAGE_BYTES:,}"
    try:
        with Image.open(path) as image:
            kind = image_format(image.format)
            if kind not in IMAGE_FORMATS:
                return f"the image is {image.format}; use PNG, JPEG or GIF"
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                return f"the image is {width}×{height} pixels; the limit is {MAX_IMAGE_PIXELS:,} pixels"
            if kind == "GIF":
                frames, pixels = gif_frames(path.read_bytes())
                if pixels > MAX_IMAGE_PIXELS:
                    return (
                        f"the animated GIF has {frames:,} frames, {pixels:,} pixels in all; "
                        f"the limit is {MAX_IMAGE_PIXELS:,} pixels"
                    )
            image.verify()
    except Image.DecompressionBombError:
        return f"the image declares more pixels than the limit of {MAX_IMAGE_PIXELS:,}"
    except UnidentifiedImageError:
        return "not an image file that can be read (PNG, JPEG or GIF)"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"the image is damaged or truncated ({type(exc).__name__})"
    return None


def orientation_problem(path: Path) -> str | None:
    """Return a warning when a JPEG says (in EXIF) that it is stored turned or mirrored, or None.

    Slides show the pixels as stored, so a phone photo taken upright would appear sideways.
    Only the header is read. Call it on an image `check_image` accepted.
    """
    from PIL import Image

    with Image.open(path) as image:
        if image_format(image.format) != "JPEG":
            return None
        turned = TURNED.get(int(image.getexif().get(ORIENTATION, 1) or 1))
    if turned is None:
        return None
    return (
        f"the photo is stored {turned}, and says so only in its EXIF data, which slides ignore: it would "
        "appear that way; rotate it upright in an image editor and save it again"
    )


def gif_frames(data: bytes) -> tuple[int, int]:
    """Return the number of frames in a GIF and their pixels together, read from the frame headers alone.

    Raises ValueError when the file ends before its trailer.
    """
    position = 13 + _colour_table(data[10])  # header, screen descriptor, global colours
    frames = pixels = 0
    while position < len(data):
        block = data[position]
        if block == 0x3B:  # trailer
            return frames, pixels
        if block == 0x21:  # extension: label, then data sub-blocks
            position = _skip_sub_blocks(data, position + 2)
        elif block == 0x2C:  # image descriptor: x, y, width, height, flags
            width = int.from_bytes(data[position + 5 : position + 7], "little")
            height = int.from_bytes(data[position + 7 : position + 9], "little")
            frames, pixels = frames + 1, pixels + width * height
            position += 10 + _colour_table(data[position + 9])
            position = _skip_sub_blocks(data, position + 1)  # after the LZW code size
        else:
            raise ValueError(f"unknown GIF block {block:#x}")
    raise ValueError("the GIF ends before its trailer")


def _colour_table(flags: int) -> int:
    """Return the size in bytes of the colour table that a GIF descriptor's flags announce."""
    return 3 * 2 ** ((flags & 0x07) + 1) if flags & 0x80 else 0


def _skip_sub_blocks(data: bytes, position: int) -> int:
    """Return the position after a chain of GIF data sub-blocks (each a length byte, ending with 0)."""
    while position < len(data) and data[position]:
        position += data[position] + 1
    return position + 1
