"""Find the module field each slide, heading and box of a document tree came from.

Templates, the shipped ones or a user's, turn module fields into Markdown with text around
them ("Discuss: {{ activity.title }}"); the tree parsed from it no longer knows which
field gave which text. So the render step matches the text back: a node's text equal to a
field's text, else the longest field text it contains, names that field. When several
fields have the same text, the n-th node with it is given the n-th such field, in module
order, so two slides with one title point at two lines. A node no field matches gets the
module file without a line. This costs nothing in the templates and holds for any template
that shows module text; see docs/architecture.md.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import TYPE_CHECKING, Any

from toolkit.module.snapshot import module_data
from toolkit.render.doctree import Block, Box, Heading, ListBlock, Origin, Paragraph, Slide, plain_text

if TYPE_CHECKING:  # a module as every stage reads it: a Module or a cached record of one
    from toolkit.module.snapshot import ModuleView
    from toolkit.module.yamlsafe import FieldPath

# Fields that hold names, addresses or codes, not text a reader sees as written.
NOT_TEXT = frozenset(
    (
        "id",
        "url",
        "path",
        "language",
        "version",
        "source",
        "source_hash",
        "source_text",
        "method",
        "per",
        "themes",
        "kind",
    )
)
MIN_CONTAINED = 4  # a shorter field text inside a title ("Yes") says nothing about where it came from
TEXTS_LOOKED_AT = 4  # a slide or box no field gives by its first few texts gets none
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKS = "*_\\`"
_MARKUP = str.maketrans("", "", _MARKS)
_PARAGRAPHS = re.compile(r"\n\s*\n")


def normal(text: str) -> str:
    """Return text as both a module field and the tree show it: links as their text, no emphasis marks, spaces
    collapsed, case ignored."""
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if any(mark in text for mark in _MARKS):  # most text has none: looking is faster than translating
        text = text.translate(_MARKUP)
    return " ".join(text.split()).casefold()


@dataclass
class FieldIndex:
    """The text fields of one module by their normal text, in module order, and how often each text was used."""

    module: ModuleView
    by_text: dict[str, list[FieldPath]]
    by_length: list[str]  # the texts that may stand inside a longer one, shortest first
    used: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, module: ModuleView) -> FieldIndex:
        """Return the index of a module's text fields; a field of several paragraphs is found by each of them."""
        if _last is not None and _last[0] is module:  # the deck, handout and guide of one module, one after another
            return cls(module, _last[1], _last[2])
        by_text: dict[str, list[FieldPath]] = {}
        for path, text in _text_fields(module_data(module), ()):
            pieces = [text, *_PARAGRAPHS.split(text)] if "\n" in text else [text]
            for piece in dict.fromkeys(normal(piece) for piece in pieces):
                if piece:
                    by_text.setdefault(piece, []).append(path)
        by_length = sorted((text for text in by_text if len(text) >= MIN_CONTAINED), key=len)
        _remember(module, by_text, by_length)
        return cls(module, by_text, by_length)

    def origin(self, texts: Iterator[str]) -> Origin:
        """Return the origin of the first of `texts` that a field gives, else the module file alone."""
        for text in texts:
            path = self._find(normal(text))
            if path is not None:
                return Origin(self.module.file, self.module.position(path))
        return Origin(self.module.file)

    def _find(self, text: str) -> FieldPath | None:
        """Return the field a node's normal text came from, or None: the next unused equal one, else the longest
        one inside it."""
        if not text:
            return None
        key = text if text in self.by_text else self._longest_inside(text)
        if key is None:
            return None
        paths = self.by_text[key]
        turn = self.used.get(text, 0)
        self.used[text] = turn + 1
        return paths[min(turn, len(paths) - 1)]

    def _longest_inside(self, text: str) -> str | None:
        shorter = bisect_left(self.by_length, len(text) + 1, key=len)
        return next((known for known in reversed(self.by_length[:shorter]) if known in text), None)


_last: tuple[ModuleView, dict[str, list[FieldPath]], list[str]] | None = None


def _remember(module: ModuleView, by_text: dict[str, list[FieldPath]], by_length: list[str]) -> None:
    """Keep the last module's index: its three documents are rendered one after another."""
    global _last
    _last = (module, by_text, by_length)


def _text_fields(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    """Yield the path and text of each text field under `value`, in module order."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_TEXT:
                yield from _text_fields(item, (*path, key))
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from _text_fields(item, (*path, number))
    elif isinstance(value, str):
        yield path, value


def with_origins_slides(slides: tuple[Slide, ...], module: ModuleView) -> tuple[Slide, ...]:
    """Return the slides, each with the origin of its title (or, for a title no field gives, of its body)."""
    index = FieldIndex.of(module)
    return tuple(
        replace(
            slide,
            body=_blocks(slide.body, index),
            origin=index.origin(_chain(plain_text(slide.title), islice(_texts(slide.body), TEXTS_LOOKED_AT))),
        )
        for slide in slides
    )


def with_origins(blocks: tuple[Block, ...], module: ModuleView) -> tuple[Block, ...]:
    """Return a handout's or guide's blocks, each heading and box with its origin."""
    return _blocks(blocks, FieldIndex.of(module))


def _blocks(blocks: tuple[Block, ...], index: FieldIndex) -> tuple[Block, ...]:
    return tuple(_block(block, index) for block in blocks)


def _block(block: Block, index: FieldIndex) -> Block:
    if isinstance(block, Heading):
        return replace(block, origin=index.origin(iter((plain_text(block.inlines),))))
    if isinstance(block, Box):
        origin = index.origin(islice(_texts(block.blocks), TEXTS_LOOKED_AT))
        return replace(block, blocks=_blocks(block.blocks, index), origin=origin)
    return block


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _texts(blocks: tuple[Block, ...]) -> Iterator[str]:
    """Yield the text of headings, paragraphs and list items among `blocks`, boxes included, in order."""
    for block in blocks:
        if isinstance(block, (Heading, Paragraph)):
            yield plain_text(block.inlines)
        elif isinstance(block, ListBlock):
            yield from (plain_text(item) for item in block.items)
        elif isinstance(block, Box):
            yield from _texts(block.blocks)
