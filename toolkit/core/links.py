"""Which web links a document may carry: the one rule the Markdown reader and every writer apply."""

from __future__ import annotations

from urllib.parse import urlsplit

LINK_SCHEMES = ("http", "https", "mailto")


def is_safe_link(address: str | None) -> bool:
    """Return True for an http, https or mailto address; any other (javascript:, file:, a path) is shown as text."""
    return bool(address) and urlsplit(str(address).strip()).scheme.lower() in LINK_SCHEMES
