"""Pictures for the PDF templates: read and checked as the .pptx writer reads them, named in Typst's folder."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, Severity
from toolkit.module.images import image_format
from toolkit.render.doctree import Picture

SUFFIXES = {"PNG": "png", "JPEG": "jpg", "GIF": "gif"}  # what Typst draws, of what modules may hold


def read_picture(picture: Picture) -> tuple[bytes, tuple[int, int], str]:
    """Return a picture's bytes, size in pixels and format; raise DiagnosticsError when a page cannot show it."""
    try:
        data = Path(picture.path).read_bytes()
        with Image.open(io.BytesIO(data)) as image:
            size, kind = image.size, image_format(image.format)  # a phone's MPO is a JPEG with more appended
    except OSError as exc:
        raise _image_error(picture, f"cannot read the image: {exc}") from exc
    if kind not in SUFFIXES:
        raise _image_error(picture, f"{kind} images cannot go in a PDF; use PNG, JPEG or GIF")
    return data, size, str(kind)


def add_picture(picture: Picture, pictures: dict[str, bytes]) -> tuple[str, tuple[int, int]]:
    """Put a picture's bytes among `pictures` under a name of its own; return the name and its size in pixels."""
    data, size, kind = read_picture(picture)
    name = f"picture-{len(pictures) + 1}.{SUFFIXES[kind]}"
    pictures[name] = data
    return name, size


def _image_error(picture: Picture, message: str) -> DiagnosticsError:
    """Return an error about an image file, ready to raise."""
    return DiagnosticsError([Diagnostic(picture.path, None, Severity.ERROR, message, "deck.image-unreadable")])
