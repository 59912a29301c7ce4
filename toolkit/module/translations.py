"""Translated modules: they keep their source's structure and values, and say what is untranslated or stale.

A translation is compared with its source field by field (`toolkit.module.translatable`
says which fields are language): values that are not language must be the source's, every
list keeps its items, text still identical to the source's is reported as untranslated, and
when the source has changed since the translation was made, the changed text is shown
before → after, from the copy of the source's text the translation keeps
(`translation.source_text`, written by `ssr-toolkit translate`).
"""

from __future__ import annotations

import base64
import binascii
import difflib
import hashlib
import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.core.diagnostics import Diagnostic, FieldPath, Severity, field_path, printable
from toolkit.core.paths import check_relative_path
from toolkit.module.snapshot import module_data
from toolkit.module.translatable import Kind, is_language, item_name, item_text, kind_of, texts

if TYPE_CHECKING:  # a module the plain validator accepted (snapshot.ModuleRecord) serves as well
    from collections.abc import Callable, Iterator

    from toolkit.module.results import LoadResult
    from toolkit.module.snapshot import ModuleView

UNTRANSLATED_SHOWN = 5  # field paths named in the untranslated warning
CHANGES_SHOWN = 12  # changed fields shown one by one in a stale translation; the rest are counted
EXCERPT_CHARS = 70  # of text around a change
SNAPSHOT_LINE = 76  # characters per line of the kept source text
MAX_SNAPSHOT_BYTES = 8 * 1024 * 1024  # a kept source text never expands past this (an edited file)
# Lists of sentences a translator may split or add to for the readers (the French introduction adds the
# Toolkit's French title as a bullet): an item missing is a warning, one added is accepted. Every other list
# (activities, objectives, questions, slides, materials, table rows, chart categories…) keeps its items.
PROSE_LISTS = frozenset({"bullets", "steps", "guidance", "key_messages", "preparation", "safeguarding"})


def content_hash(source: Path) -> str:
    """Return the hash of a module file's content as written: its YAML data, not its comments or layout.

    The data as written, not as validated: a field the module format gains later, with its
    default, does not make every translation stale.
    """
    from toolkit.module.yamlsafe import load_yaml_file

    data = load_yaml_file(source, source.name).data  # already read once by the caller: it parses
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- The source's text, kept in the translation ---------------------------------------------------


def stable_texts(data: dict[str, Any]) -> dict[tuple[str | int, ...], str]:
    """Return the language text of module data by stable path: list items that have an `id` (activities, sources)
    are named by it, so that a new activity in the source does not move every later field."""
    found = {}
    for path, text in texts(data).items():
        found[_stable(data, path)] = text
    return found


def _stable(data: Any, path: FieldPath) -> tuple[str | int, ...]:
    stable: list[str | int] = []
    value = data
    for part in path:
        value = value[part]
        if isinstance(part, int) and isinstance(value, dict) and isinstance(value.get("id"), str):
            stable.append(f"#{value['id']}")
        else:
            stable.append(part)
    return tuple(stable)


def positional(data: Any, stable: tuple[str | int, ...]) -> FieldPath:
    """Return the path in `data` of a stable path (`#id` items found by their id), as far as `data` has it."""
    path: list[str | int] = []
    value = data
    for part in stable:
        if isinstance(part, str) and part.startswith("#") and isinstance(value, list):
            index = next(
                (i for i, item in enumerate(value) if isinstance(item, dict) and item.get("id") == part[1:]), None
            )
            if index is None:
                break
            part = index
        inside = part in value if isinstance(value, dict) else isinstance(part, int) and part < len(value)
        if not isinstance(value, dict | list) or not inside:
            break
        value = value[part]  # type: ignore[index]  # a key of a mapping, an index of a list: checked above
        path.append(part)
    return tuple(path)


def encode_source_text(module: ModuleView) -> list[str]:
    """Return the source's language text as the translation keeps it: compressed JSON, as lines of base64."""
    pairs = [[list(path), text] for path, text in stable_texts(module_data(module)).items()]
    packed = base64.b64encode(zlib.compress(json.dumps(pairs, ensure_ascii=False).encode("utf-8"), 9)).decode()
    return [packed[start : start + SNAPSHOT_LINE] for start in range(0, len(packed), SNAPSHOT_LINE)]


def decode_source_text(lines: list[str]) -> dict[tuple[str | int, ...], str] | None:
    """Return the source's text a translation keeps, by stable path; None when it cannot be read (edited)."""
    try:
        packed = base64.b64decode("".join(lines), validate=True)
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_SNAPSHOT_BYTES)
        if inflater.unconsumed_tail or not inflater.eof:
            return None
        pairs = json.loads(raw.decode("utf-8"))
        kept = {tuple(path): text for path, text in pairs}
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError, TypeError):
        return None
    if not all(isinstance(text, str) and all(isinstance(p, str | int) for p in path) for path, text in kept.items()):
        return None
    return kept


# --- The check -------------------------------------------------------------------------------------


def check_translation(module: ModuleView, path: Path, load_source: Callable[[Path], LoadResult]) -> list[Diagnostic]:
    """Return the problems of a translation against its source; an original module has none.

    `load_source` is the loader's own door, passed in so that this module does not import the loader back.
    """
    if module.translation is None:
        return []

    def report(
        field: tuple[str | int, ...], message: str, code: str, severity: Severity = Severity.ERROR
    ) -> Diagnostic:
        return Diagnostic(module.file, module.position(field), severity, message, code)

    source_field = ("translation", "source")
    problem = check_relative_path(module.translation.source, path.parent)
    if problem:
        return [report(source_field, f"translation.source: {problem}", "translation.source")]
    loaded = load_source(path.parent / module.translation.source)
    source = loaded.module
    if source is None:
        return [
            report(
                source_field,
                f"translation.source: {module.translation.source} has errors; fix it first (run validate on it)",
                "translation.source",
            )
        ]
    if source.translation is not None:
        return [
            report(
                source_field,
                "translation.source: the source is itself a translation; name the original",
                "translation.source",
            )
        ]
    found = []
    if source.id != module.id:
        found.append(report(("id",), f'id: a translation keeps its source\'s id "{source.id}"', "translation.id"))
    if source.language == module.language:
        found.append(
            report(("language",), f'language: the source is already in "{source.language}"', "translation.language")
        )
    theirs, ours = module_data(source), module_data(module)
    comparison = Comparison()
    comparison.walk(theirs, ours, ())
    found += [report(where, message, code, severity) for where, message, code, severity in comparison.problems]
    untranslated = _untranslated(comparison, module.translation.source, report)
    found += [untranslated] if untranslated else []
    if content_hash(path.parent / module.translation.source) != module.translation.source_hash:
        found += _stale(module, source, theirs, ours, report)
    return found


@dataclass
class Comparison:
    """What walking a source and its translation side by side found."""

    problems: list[tuple[FieldPath, str, str, Severity]] = field(default_factory=list)  # where, message, code
    text: list[tuple[FieldPath, str, str]] = field(default_factory=list)  # (where, source's, translation's)

    def walk(self, theirs: Any, ours: Any, path: FieldPath) -> None:
        """Compare the source's value `theirs` with the translation's `ours` at `path` (in both)."""
        kind = kind_of(path) if path else Kind.TEXT
        if path in (("id",), ("language",), ("translation",)):
            return  # said by translation.id and translation.language; the link to the source is the translation's
        if kind is Kind.OWN:
            return
        if kind is Kind.FIXED or _is_number(theirs) or _is_number(ours):  # a number or a yes/no is never language
            if theirs != ours:
                self.problems.append((path, _fixed_message(path, theirs, ours), "translation.fixed", Severity.ERROR))
        elif theirs is None or ours is None:
            if theirs is not ours:
                message = _presence_message(path, theirs, ours)
                self.problems.append((path, message, "translation.structure", Severity.ERROR))
        elif isinstance(theirs, dict) and isinstance(ours, dict):
            for key in dict.fromkeys([*theirs, *ours]):
                self.walk(theirs.get(key), ours.get(key), (*path, key))
        elif isinstance(theirs, list) and isinstance(ours, list):
            self._walk_list(theirs, ours, path)
        elif isinstance(theirs, str) and isinstance(ours, str):
            if kind is Kind.TEXT:
                self.text.append((path, theirs, ours))
        else:
            self.problems.append(
                (
                    path,
                    f"{field_path(path)}: {_shown(ours)} here but {_shown(theirs)} in the source; "
                    "keep the source's form",
                    "translation.structure",
                    Severity.ERROR,
                )
            )

    def _walk_list(self, theirs: list[Any], ours: list[Any], path: FieldPath) -> None:
        if path in (("activities",), ("sources",)):
            self._walk_by_id(theirs, ours, path)
            return
        if len(theirs) != len(ours):
            prose = _key_of(path) in PROSE_LISTS
            for message, missing in _list_messages(path, theirs, ours):
                if not prose:
                    self.problems.append((path, message, "translation.structure", Severity.ERROR))
                elif missing:  # a translator may add a bullet or a step for the readers, but not lose one
                    self.problems.append((path, message, "translation.items", Severity.WARNING))
            return
        for index, (their_item, our_item) in enumerate(zip(theirs, ours)):
            self.walk(their_item, our_item, (*path, index))

    def _walk_by_id(self, theirs: list[Any], ours: list[Any], path: FieldPath) -> None:
        """Compare activities and sources by id: activities must also keep the source's order."""
        their_ids = [item.get("id") for item in theirs]
        our_ids = [item.get("id") for item in ours]
        name = item_name(path)
        missing = [(i, item) for i, item in enumerate(theirs) if item.get("id") not in our_ids]
        extra = [(i, item) for i, item in enumerate(ours) if item.get("id") not in their_ids]
        said = [
            f'{name} {i + 1} of the source, "{item["id"]}" ({_excerpt(item_text({**item, "id": None}))}), is missing'
            for i, item in missing
        ] + [f'this translation\'s {name} {i + 1}, "{item["id"]}", is not in the source' for i, item in extra]
        if path == ("activities",) and not said and their_ids != our_ids:
            said = [f"the order differs: the source has {', '.join(map(str, their_ids))}"]
        if said:
            message = f"{field_path(path)}: the translation must keep the source's {path[0]}; {'; '.join(said)}"
            self.problems.append((path, message, "translation.structure", Severity.ERROR))
        where = {item.get("id"): index for index, item in enumerate(ours)}
        for item in theirs:
            if item.get("id") in where:
                self.walk(item, ours[where[item["id"]]], (*path, where[item["id"]]))


def _list_messages(path: FieldPath, theirs: list[Any], ours: list[Any]) -> Iterator[tuple[str, bool]]:
    """Yield a message for each item the translation lacks (True) or adds (False), named by its position and text.

    Items the translation still has in the source's words match themselves; the others are
    taken in order, so an item gone from the end is the one named (a translator who removed
    another sees which by the counts and the text).
    """
    name = item_name(path)
    counts = f"the source has {len(theirs)}, this translation {len(ours) or 'none'}"
    matcher = difflib.SequenceMatcher(a=[_key(i) for i in theirs], b=[_key(i) for i in ours], autojunk=False)
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(a_end - a_start, b_end - b_start)
        for index in range(a_start + paired, a_end):
            yield (
                f"{field_path(path)}: {name} {index + 1}, {_excerpt(item_text(theirs[index]))}, is missing ({counts}); "
                "add its translation",
                True,
            )
        for index in range(b_start + paired, b_end):
            yield (
                f"{field_path(path)}: {name} {index + 1} here, {_excerpt(item_text(ours[index]))}, is not in the "
                f"source ({counts}); remove it, or add it to the source first",
                False,
            )


def _key_of(path: FieldPath) -> str:
    """Return the last key of a path: the name of the field."""
    return next((part for part in reversed(path) if isinstance(part, str)), "")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float)  # True and False too


def _key(item: Any) -> str:
    return " ".join(item_text(item).split()).casefold()


def _fixed_message(path: FieldPath, theirs: Any, ours: Any) -> str:
    fix = "remove it" if theirs is None else f"write {_key_of(path)}: {_value(theirs)}"
    here = "not given here" if ours is None else f"{_value(ours)} here"
    there = "none in the source" if theirs is None else f"{_value(theirs)} in the source"
    return (
        f"{field_path(path)}: {here} but {there}; a translation keeps the source's values that are not language "
        f"(minutes, methods, groups, ids, numbers, paths, addresses): {fix}"
    )


def _presence_message(path: FieldPath, theirs: Any, ours: Any) -> str:
    if ours is None:
        return f"{field_path(path)}: the source has {_shown(theirs)}, this translation none; add its translation"
    return f"{field_path(path)}: {_shown(ours)} here is not in the source; remove it, or add it to the source first"


def _value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return printable(value)
    return str(value)


def _shown(value: Any) -> str:
    """Return a value as a message shows it: text as a quoted excerpt, anything else by what it is."""
    if isinstance(value, str):
        return _excerpt(value)
    if isinstance(value, dict):
        return f"a {next(iter(value), 'value')}…" if value else "an empty mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return _value(value)


def _excerpt(text: str, start: int = 0) -> str:
    """Return text quoted for a message, from `start`, cut at EXCERPT_CHARS with … (either end)."""
    flat = " ".join(text.split())
    head = "…" if start > 0 else ""
    tail = "…" if len(flat) > start + EXCERPT_CHARS else ""
    return f'"{head}{printable(flat[start : start + EXCERPT_CHARS])}{tail}"'


def _untranslated(comparison: Comparison, source_name: str, report: Callable[..., Diagnostic]) -> Diagnostic | None:
    """Return the warning for text still identical to the source's, or None when there is none."""
    language = [(path, theirs, ours) for path, theirs, ours in comparison.text if is_language(theirs)]
    same = [path for path, theirs, ours in language if " ".join(theirs.split()) == " ".join(ours.split())]
    if not same:
        return None
    shown = ", ".join(field_path(path) for path in same[:UNTRANSLATED_SHOWN])
    more = f" and {len(same) - UNTRANSLATED_SHOWN} more" if len(same) > UNTRANSLATED_SHOWN else ""
    whole = "still the source's text" if len(same) == len(language) else "partly untranslated"
    return report(
        same[0],
        f"this translation is {whole}: {len(same)} of {len(language)} text field(s) are as in {source_name}: "
        f"{shown}{more}; "
        "translate them (names, numbers, addresses, quotations and a few words may stay as they are and are "
        "not counted)",
        "translation.untranslated",
        Severity.WARNING,
    )


def _stale(
    module: ModuleView,
    source: ModuleView,
    theirs: dict[str, Any],
    ours: dict[str, Any],
    report: Callable[..., Diagnostic],
) -> list[Diagnostic]:
    """Return the warnings of a translation whose source changed since it was made: each changed field, then how
    to mark it up to date."""
    assert module.translation is not None
    name = module.translation.source
    refresh = f"ssr-toolkit translate {Path(source.file).as_posix()} --lang {module.language} --refresh"
    hash_field = ("translation", "source_hash")
    kept_lines = module.translation.source_text
    kept = decode_source_text(list(kept_lines)) if kept_lines else None
    if kept is None:
        why = (
            "its copy of the source's text (translation.source_text) cannot be read: it was edited"
            if kept_lines
            else "it keeps no copy of the source's text (made before translations kept one)"
        )
        return [
            report(
                hash_field,
                f"translation.source_hash: {name} has changed since this translation was made; {why}, so what changed "
                f"cannot be shown: compare with the source's history (git log -p {name}); once the translation is "
                f"up to date, run `{refresh}`",
                "translation.stale",
                Severity.WARNING,
            )
        ]
    now = stable_texts(theirs)
    changes: list[tuple[tuple[str | int, ...], str | None, str | None]]
    changes = [(p, kept.get(p), text) for p, text in now.items() if kept.get(p) != text]
    changes += [(p, text, None) for p, text in kept.items() if p not in now]
    found = []
    for stable, before, after in changes[:CHANGES_SHOWN]:
        where = positional(ours, stable)
        shown = field_path(positional(theirs, stable) if after is not None else where)
        found.append(
            report(
                where,
                f"{shown}: changed in {name} since this translation was made: {_change(before, after)}; "
                "bring the translation up to date",
                "translation.stale",
                Severity.WARNING,
            )
        )
    listed = f"{len(changes)} text field(s) changed" + (
        f" ({CHANGES_SHOWN} shown above)" if len(changes) > CHANGES_SHOWN else (" (above)" if changes else "")
    )
    if not changes:
        listed = "no text changed, only values that are not language"
    found.append(
        report(
            hash_field,
            f"translation.source_hash: {name} has changed since this translation was made: {listed}; once the "
            f"translation is up to date, run `{refresh}`",
            "translation.stale",
            Severity.WARNING,
        )
    )
    return found


def _change(before: str | None, after: str | None) -> str:
    """Return a change as `"before" → "after"`, each cut to the part that differs with a little around it."""
    if before is None:
        return f"new text {_excerpt(after or '')}"
    if after is None:
        return f"removed (it was {_excerpt(before)})"
    old, new = " ".join(before.split()), " ".join(after.split())
    common = _common_prefix(old, new)
    start = max(0, old.rfind(" ", 0, max(common - EXCERPT_CHARS // 3, 0)) + 1) if common > EXCERPT_CHARS // 3 else 0
    return f"{_excerpt(old, start)} → {_excerpt(new, start)}"


def _common_prefix(first: str, second: str) -> int:
    length = 0
    for a, b in zip(first, second):
        if a != b:
            break
        length += 1
    return length
