"""Read untrusted YAML into plain data with the position of every node, within fixed limits.

PyYAML's loaders build Python objects from tags, resolve YAML 1.1 values (`no` becomes
False, `1:30` becomes 90), recurse once per nesting level and expand aliases without
bound. This module uses only PyYAML's event parser, which does none of that, and builds
the data itself: plain scalars resolve to null, true/false, decimal integers or text,
and everything else is refused with a position and a fix.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, Position, Severity, quote
from toolkit.core.diagnostics import FieldPath as FieldPath  # re-exported: the stages above import it from here

if TYPE_CHECKING:
    from collections.abc import Iterator

    from yaml._yaml import Mark as CMark  # the marks of libyaml's parser (CParser)

MAX_FILE_BYTES = 1_048_576
MAX_DEPTH = 32
MAX_NODES = 100_000
MAX_SCALAR_CHARS = 50_000

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# Decimal integers only, bounded so no digit string can cost time or memory to convert.
_INT = re.compile(r"[-+]?(0|[1-9][0-9]{0,17})")
_FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_FORBIDDEN_IN_VALUES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


@dataclass
class YamlDocument:
    """Plain data read from one YAML file, with where each value and each key stands."""

    data: object
    values: dict[FieldPath, Position] = field(default_factory=dict)
    keys: dict[FieldPath, Position] = field(default_factory=dict)


def _parser_class() -> type:
    """Return the libyaml parser when present, else the pure-Python one.

    SSR_TOOLKIT_PURE_YAML=1 forces the pure-Python parser, so tests can show both agree.
    """
    if os.environ.get("SSR_TOOLKIT_PURE_YAML") != "1" and getattr(yaml, "__with_libyaml__", False):
        return yaml.CSafeLoader
    return yaml.SafeLoader


def read_text(path: Path, label: str) -> str:
    """Return the text of a regular UTF-8 file of bounded size, or raise DiagnosticsError."""

    def fail(message: str, code: str, position: Position | None = None) -> DiagnosticsError:
        return DiagnosticsError([Diagnostic(label, position, Severity.ERROR, message, code)])

    try:
        info = os.stat(path)
    except OSError as exc:
        raise fail(f"cannot read the file: {exc.strerror}", "file.unreadable") from None
    if stat.S_ISDIR(info.st_mode):
        raise fail("this is a folder, not a module file", "file.not-regular")
    if not stat.S_ISREG(info.st_mode):
        raise fail("this is not a regular file (a device, pipe or socket); give a .yaml file", "file.not-regular")
    if info.st_size > MAX_FILE_BYTES:
        raise fail(f"the file is {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes", "limit.file-size")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise fail(f"cannot read the file: {exc.strerror}", "file.unreadable") from None
    if len(data) > MAX_FILE_BYTES:
        raise fail(f"the file is larger than the limit of {MAX_FILE_BYTES:,} bytes", "limit.file-size")
    return decode(data, label)


def decode(data: bytes, label: str) -> str:
    """Return bytes decoded as UTF-8 with no control characters, or raise DiagnosticsError."""
    for bom, encoding in _BOMS.items():
        if data.startswith(bom):
            message = f"the file is encoded as {encoding}; save it as UTF-8"
            raise DiagnosticsError([Diagnostic(label, Position(1, 1), Severity.ERROR, message, "file.encoding")])
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        position = _byte_position(data, exc.start)
        byte = data[exc.start]
        message = f"invalid UTF-8 byte 0x{byte:02X}; the file may be Latin-1 or Windows-1252: save it as UTF-8"
        raise DiagnosticsError([Diagnostic(label, position, Severity.ERROR, message, "file.encoding")]) from None
    problems = [
        Diagnostic(
            label,
            _char_position(text, match.start()),
            Severity.ERROR,
            f"control character U+{ord(match.group()):04X} is not allowed in a module; delete it"
            + (" (a NUL often means the file is UTF-16: save it as UTF-8)" if match.group() == "\x00" else ""),
            "file.control-character",
        )
        for match in _FORBIDDEN_CHARS.finditer(text)
    ]
    if problems:
        raise DiagnosticsError(problems[:20])
    return text


def _byte_position(data: bytes, offset: int) -> Position:
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Position(data.count(b"\n", 0, offset) + 1, column)


def _char_position(text: str, offset: int) -> Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return Position(text.count("\n", 0, offset) + 1, offset - line_start + 1)


def _mark(mark: yaml.Mark | CMark | None) -> Position | None:
    return None if mark is None else Position(mark.line + 1, mark.column + 1)


def _position(mark: yaml.Mark | CMark) -> Position:
    """Return where a parser event starts: events always carry a mark."""
    return Position(mark.line + 1, mark.column + 1)


def resolve_plain(value: str) -> object:
    """Return what a plain (unquoted) scalar means: None, a bool, an int or the text itself.

    Only YAML 1.2 core forms are resolved; YAML 1.1 forms such as `no`, `on`, `0x1F`
    or `1:30` stay text, so a field expecting a number reports them instead of
    silently taking another value.
    """
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.fullmatch(value):
        return int(value)
    return value


class _Composer:
    """Builds plain data from parser events, enforcing the limits as it goes."""

    def __init__(self, label: str):
        self.label = label
        self.document = YamlDocument(None)
        self.nodes = 0
        self.documents = 0
        # Where in the text the parser reported a syntax error: the depth check reads the text before it.
        self.failed_at: int | None = None

    def error(self, position: Position | None, message: str, code: str) -> DiagnosticsError:
        return DiagnosticsError([Diagnostic(self.label, position, Severity.ERROR, message, code)])

    def compose(self, text: str) -> YamlDocument:
        try:
            return self._compose_events(text)
        except DiagnosticsError as error:
            if error.diagnostics[0].code != "yaml.syntax":
                raise
            raise self._depth_error_before(text, error) from None

    def _depth_error_before(self, text: str, syntax_error: DiagnosticsError) -> DiagnosticsError:
        """Return the depth-limit error the text holds before where the parser gave up, else the parser's error.

        A parser may read far ahead of the events it has handed over (libyaml looks up to
        1,024 characters ahead for a key on one line), and some releases stop at a nesting
        limit of their own while doing so: then the composer never saw the level where
        `MAX_DEPTH` is crossed. The text before that point, read again, ends early, so the
        parser hands over every event it holds first and the composer finds the crossing.
        """
        cut = self.failed_at
        for _ in range(4):  # each attempt ends before the last one's failure: a few always suffice
            if cut is None or cut <= 0:
                break
            retry = _Composer(self.label)
            try:
                retry._compose_events(text[:cut])
            except DiagnosticsError as error:
                if error.diagnostics[0].code == "limit.depth":
                    return error
                if error.diagnostics[0].code != "yaml.syntax" or retry.failed_at is None or retry.failed_at >= cut:
                    break
                cut = retry.failed_at
            else:
                break
        return syntax_error

    def _compose_events(self, text: str) -> YamlDocument:
        try:
            events = yaml.parse(text, Loader=_parser_class())
            for event in events:
                if isinstance(event, yaml.DocumentStartEvent):
                    self.documents += 1
                    if self.documents > 1:
                        raise self.error(
                            _mark(event.start_mark),
                            "a module file holds one YAML document; remove the second `---` and what follows",
                            "yaml.multiple-documents",
                        )
                    self.document.data = self.node(events, next(events), (), 1)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            self.failed_at = None if mark is None else mark.index
            problem = exc.problem or exc.context or "invalid YAML"
            hint = "" if mark is None else syntax_hint(text, mark.line, mark.column, problem)
            raise self.error(_mark(mark), f"invalid YAML: {problem}{hint}", "yaml.syntax") from None
        except yaml.YAMLError as exc:
            raise self.error(None, f"invalid YAML: {exc}", "yaml.syntax") from None
        if self.documents == 0:
            raise self.error(None, "the file is empty; a module is a YAML mapping of fields", "yaml.empty")
        return self.document

    def node(self, events: Iterator[Any], event: Any, path: FieldPath, depth: int) -> object:  # PyYAML events
        self.nodes += 1
        position = _position(event.start_mark)
        if self.nodes > MAX_NODES:
            raise self.error(position, f"the file has more than {MAX_NODES:,} YAML nodes", "limit.nodes")
        if depth > MAX_DEPTH:
            raise self.error(position, f"nesting is deeper than {MAX_DEPTH} levels", "limit.depth")
        if isinstance(event, yaml.AliasEvent):
            raise self.error(position, "aliases (*name) are not allowed in modules; write the text out", "yaml.alias")
        if getattr(event, "anchor", None) is not None:
            raise self.error(position, "anchors (&name) are not allowed in modules; remove them", "yaml.anchor")
        if getattr(event, "tag", None) is not None:
            tag = quote(event.tag)
            raise self.error(
                position, f"YAML tags such as {tag} are not allowed in modules; remove the tag", "yaml.tag"
            )
        self.document.values[path] = position
        if isinstance(event, yaml.ScalarEvent):
            if len(event.value) > MAX_SCALAR_CHARS:
                raise self.error(position, f"a text is longer than {MAX_SCALAR_CHARS:,} characters", "limit.text")
            # Escapes in quoted text ("\b", "\x00", "\ud800") can make characters the file itself may not hold.
            bad = _FORBIDDEN_IN_VALUES.search(event.value)
            if bad:
                code_point = f"U+{ord(bad.group()):04X}"
                raise self.error(
                    position,
                    f"the text holds control character {code_point} (from an escape such as \\b or \\x00); remove it",
                    "file.control-character",
                )
            # The C parser reports plain style as "" and the pure one as None.
            return resolve_plain(event.value) if not event.style else event.value
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[object] = []
            for child in events:
                if isinstance(child, yaml.SequenceEndEvent):
                    return items
                items.append(self.node(events, child, (*path, len(items)), depth + 1))
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(events, path, depth)
        raise self.error(position, "unexpected YAML structure", "yaml.syntax")

    def mapping(self, events: Iterator[Any], path: FieldPath, depth: int) -> dict[str, object]:
        result: dict[str, object] = {}
        for key_event in events:
            if isinstance(key_event, yaml.MappingEndEvent):
                return result
            key_position = _position(key_event.start_mark)
            if not isinstance(key_event, yaml.ScalarEvent) or key_event.tag is not None:
                raise self.error(key_position, "a key must be plain text such as `title`", "yaml.key")
            key = key_event.value
            # Named once: mypy takes `keys[(*path, key)]`, valid on 3.10, for 3.11's starred subscript.
            key_path = (*path, key)
            if key in result:
                first = self.document.keys[key_path]
                raise self.error(
                    key_position,
                    f"duplicate key {quote(key)} (first given at line {first.line}); keep one",
                    "yaml.duplicate-key",
                )
            self.document.keys[key_path] = key_position
            result[key] = self.node(events, next(events), key_path, depth + 1)
        return result


# `key: value` at the start of a line (after any `- `), the key plain or quoted.
_KEY_AND_VALUE = re.compile(
    r"""^[ \t]*(?:-[ \t]+)*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<key>[^\s"'#:][^:#]*?))[ \t]*:[ \t]"""
)
_FIELD_NAME = re.compile(r"[a-z][a-z_]*")
MAX_EXAMPLE_CHARS = 60


def syntax_hint(text: str, line: int, column: int, problem: str) -> str:
    """Return what to do about the commonest YAML mistakes at a syntax error (counted from 0), or "".

    libyaml and PyYAML word a tab differently ("found character that cannot start any token",
    "found a tab character that violates indentation"), so a tab is recognised in the text
    before the error; both begin a misplaced colon with "mapping values are not allowed".
    """
    lines = text.split("\n")
    source = lines[line] if 0 <= line < len(lines) else ""
    before = source[: column + 1]
    if "\t" in before and not before.strip(" \t-"):
        return "; YAML does not allow tabs for indenting: indent with spaces"
    if problem.startswith("mapping values are not allowed"):
        return _colon_hint(source, column)
    return ""


def _colon_hint(source: str, column: int) -> str:
    """Return the hint for a value holding ": " (YAML reads a new field there), or "" when the error is elsewhere."""
    match = _KEY_AND_VALUE.match(source)
    if match is None or column < match.end():
        return ""  # the line's own key is what the parser refused: an indentation problem, not a colon in text
    key = match.group("key") or match.group("dq") or match.group("sq") or ""
    field = key if _FIELD_NAME.fullmatch(key) else "text"
    hint = f"; a colon followed by a space starts a new field: put the {field} in quotes"
    value = source[match.end() :].strip()
    if field != "text" and len(value) <= MAX_EXAMPLE_CHARS and not set(value) & set('"\\#'):
        hint += f', such as {key}: "{value}"'
    return hint


def parse_yaml(text: str, label: str) -> YamlDocument:
    """Return the plain data and positions of a one-document YAML text, or raise DiagnosticsError."""
    return _Composer(label).compose(text)


def load_yaml_file(path: Path, label: str | None = None) -> YamlDocument:
    """Return the plain data and positions of a YAML file, or raise DiagnosticsError."""
    label = label or str(path)
    return parse_yaml(read_text(path, label), label)
