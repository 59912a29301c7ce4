"""Escape module text for the Markdown that templates produce.

Module text is data: a `#`, `1.`, `|` or `:::` a designer types must never become
structure. Only the inline Markdown the format allows survives: bold, italic, links.
"""

from __future__ import annotations

import re

# Block markers that only mean something at the start of a line.
_LINE_START = re.compile(r"^(\s*)([#>=]|[-+*](?=\s|$)|(?=[-*_]{3})[-*_]|\d+(?=[.)])|:::|```|~~~)")
# Characters that start inline constructs the format does not allow: code, images,
# HTML and autolinks, entities, table cells.
_INLINE = re.compile(r"([`|<>&]|!(?=\[))")
_INLINE_CHARACTERS = "`|<>&!"
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t]*")
_LEADING_SPACES = re.compile(r"^ {2,}")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])")


class Raw(str):
    """Markdown that templates or trusted code produced; inserted as is, never escaped again."""


def escape_inline(text: object) -> Raw:
    """Return one line of Markdown that reads as `text`, keeping bold, italic and links."""
    if isinstance(text, Raw):
        return text
    line = str(text)
    # Each step first asks whether it has anything to do: a build escapes hundreds of texts a
    # module, nearly all plain, and a substitution that finds nothing still scans every character.
    if "\n" in line or "\r" in line:
        line = _LINE_BREAKS.sub(" ", line)  # newlines would start blocks
    line = line.replace("\t", " ")
    if line.startswith("  "):
        line = _LEADING_SPACES.sub(" ", line)  # four leading spaces would start a code block
    if any(char in line for char in _INLINE_CHARACTERS):
        line = _INLINE.sub(r"\\\1", line)
    marker = _LINE_START.match(line)
    if marker:
        line = marker.group(1) + _escape_marker(marker.group(2)) + line[marker.end() :]
    if line.endswith("\\") and not line.endswith("\\\\"):
        line += "\\"  # a trailing backslash would otherwise escape the template's next character
    return Raw(line)


def _escape_marker(marker: str) -> str:
    if marker[0].isdigit():
        return marker  # the `.` or `)` after the digits is escaped below
    return "\\" + marker[0] + marker[1:]


def escape_blocks(text: object, heading: int | None = None) -> Raw:
    """Return paragraphs of Markdown for a multi-paragraph text; blank lines separate paragraphs.

    With a `heading` level, a paragraph that is one short bold line ("**My action points**") is
    a heading of that level: it is a title, and one in bold type only is missing from the
    navigation pane and from what a screen reader lists as headings.
    """
    paragraphs = [_escape_numbered(escape_inline(p)) for p in _PARAGRAPH_BREAK.split(str(text).strip()) if p.strip()]
    if heading is not None:
        level = max(1, min(heading, 6))
        paragraphs = [_as_heading(p, level) for p in paragraphs]
    return Raw("\n\n".join(paragraphs))


_BOLD_LINE = re.compile(r"^\*\*([^*]+)\*\*$")
HEADING_CHARACTERS = 120  # longer than this, a bold line is emphasis rather than a title


def _as_heading(paragraph: str, level: int) -> str:
    """Return a paragraph that is one short bold line as a heading of `level`; a label ending in a colon stays."""
    bold = _BOLD_LINE.match(paragraph.strip())
    if bold is None or len(bold.group(1)) > HEADING_CHARACTERS or bold.group(1).rstrip().endswith(":"):
        return paragraph
    return "#" * level + " " + bold.group(1).strip()


def _escape_numbered(line: str) -> str:
    numbered = _NUMBERED.match(line)
    return f"{numbered.group(1)}\\{line[numbered.end(1) :]}" if numbered else line


def escape(text: object) -> Raw:
    """Return text escaped for any Markdown position (the templates' default filter)."""
    if isinstance(text, Raw):
        return text
    return Raw(_escape_numbered(escape_inline(text)))
