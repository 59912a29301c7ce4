"""A source's title as templates cite it: escaped, linked when it has an address, in its own language."""

from __future__ import annotations

import re
from typing import Protocol
from urllib.parse import quote as url_quote

from toolkit.core.vocab import LANGUAGE_PATTERN
from toolkit.render.mdescape import Raw, escape

LANGUAGE_CODE = re.compile(LANGUAGE_PATTERN)
URL_SAFE = ":/?#[]@!$&'*+,;=%~-._"  # what a link target keeps as it is; brackets would end the link early


class Cited(Protocol):
    """What citing a source reads of it (a model `Source` or its cached record)."""

    @property
    def title(self) -> str: ...

    @property
    def url(self) -> str | None: ...


def link_target(address: str) -> Raw:
    """Return a validated web address as a Markdown link target."""
    return Raw(url_quote(address, safe=URL_SAFE))


def in_language_of(text: object, source: Cited, document_language: str) -> Raw:
    """Return text about a source (its publisher) escaped, marked in the source's language when it has one of
    its own: "UN Women" in an Arabic handout is English, as the title beside it is."""
    return _marked(escape(text), getattr(source, "language", None), document_language)


def cited(source: Cited, document_language: str, link: bool = True) -> Raw:
    """Return Markdown for a source's title: a link to its address (with `link`, else in italics when it
    has none, plain text otherwise), marked `[…]{lang=es}` when the source gives a language of its own
    that is not the document's, so writers mark the run and screen readers switch voice."""
    title = escape(source.title)
    if link:
        title = Raw(f"[{title}]({link_target(source.url)})" if source.url else f"*{title}*")
    return _marked(title, getattr(source, "language", None), document_language)


def _marked(markdown: Raw, language: object, document_language: str) -> Raw:
    """Return Markdown as a `[…]{lang=xx}` span when `language` is a language code other than the document's."""
    if language and language != document_language and LANGUAGE_CODE.fullmatch(str(language)):
        return Raw(f"[{markdown}]{{lang={language}}}")
    return markdown
