"""Load pack files: YAML → validated Pack, its modules found in the pack's language, overrides applied."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, Position, Severity, field_path, has_errors
from toolkit.module import loader
from toolkit.module.errors import diagnostics_from_validation
from toolkit.module.loader import LoadResult, display_path
from toolkit.module.model import Module, Variation
from toolkit.module.yamlsafe import FieldPath, load_yaml_file
from toolkit.pack.model import ModuleEntry, Pack


@dataclass(frozen=True)
class PackModule:
    """A module as this workshop runs it: its entry in the pack and the module with overrides applied.

    `variations` maps activity ids to the text of the chosen variation, `trimmed` maps them
    to the activity's own minutes before trimming, and `skipped` holds the titles left out.
    """

    index: int
    entry: ModuleEntry
    module: Module
    variations: dict[str, str] = field(default_factory=dict)
    trimmed: dict[str, int] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()


@dataclass
class LoadedPack:
    """What loading a pack file gave: the pack and its modules when valid, and every diagnostic found."""

    path: Path
    pack: Pack | None
    modules: list[PackModule] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Return True when the pack and all its modules loaded with no errors."""
        return self.pack is not None and not has_errors(self.diagnostics)


def modules_folder(pack_path: Path) -> Path:
    """Return the folder a pack's modules live in: the parent of the pack's folder (modules/packs/ → modules/)."""
    return pack_path.resolve().parent.parent


def load_pack(path: Path) -> LoadedPack:
    """Return the pack in `path` with its modules and diagnostics; never raise for bad input."""
    label = display_path(path)
    try:
        document = load_yaml_file(path, label)
    except DiagnosticsError as exc:
        return LoadedPack(path, None, diagnostics=exc.diagnostics)
    if not isinstance(document.data, dict):
        message = "a pack is a mapping of fields (`id: …`, `title: …`, `modules: …`)"
        return LoadedPack(
            path, None, diagnostics=[Diagnostic(label, Position(1, 1), Severity.ERROR, message, "yaml.top-level")]
        )
    try:
        pack = Pack.model_validate(document.data)
    except ValidationError as exc:
        return LoadedPack(path, None, diagnostics=diagnostics_from_validation(exc, document, label, Pack))
    pack._file, pack._values, pack._keys = label, document.values, document.keys
    loaded = LoadedPack(path, pack)
    folder = modules_folder(path)
    for index, entry in enumerate(pack.modules):
        found = find_module(pack, index, folder)
        if isinstance(found, Diagnostic):
            loaded.diagnostics.append(found)
            continue
        loaded.diagnostics.extend(found.diagnostics)
        # loader.load with `model` gives a pydantic Module (apply_overrides copies it), or None.
        if not isinstance(found.module, Module) or not found.ok:
            continue
        overrides = list(check_overrides(pack, index, found.module))
        loaded.diagnostics.extend(overrides)
        if not overrides:
            loaded.modules.append(apply_overrides(index, entry, found.module))
    return loaded


def _error(pack: Pack, path: FieldPath, message: str, code: str, at_key: bool = False) -> Diagnostic:
    """Return an error about the pack, placed at a field's value (or its key)."""
    position = pack.key_position(path) if at_key else pack.position(path)
    return Diagnostic(pack.file, position, Severity.ERROR, f"{field_path(path)}: {message}", code)


def find_module(pack: Pack, index: int, folder: Path) -> LoadResult | Diagnostic:
    """Return the loaded module file of entry `index` in the pack's language, or the error that says why not.

    Looks for `<id>.<language>.yaml`, then `<id>.yaml`, as `ssr-toolkit build --lang` does.
    """
    module_id = pack.modules[index].id
    where = ("modules", index, "id")
    for candidate in (folder / f"{module_id}.{pack.language}.yaml", folder / f"{module_id}.yaml"):
        if not candidate.is_file():
            continue
        result = loader.load(candidate, model=True)
        if result.module is None or result.module.language == pack.language:
            return result  # an invalid module's own diagnostics, placed in its file, say what to fix
    variants = sorted(folder.glob(f"{module_id}.*yaml"))
    if variants:
        languages = sorted({m.language for m in (loader.load(v).module for v in variants) if m is not None})
        message = (
            f'module "{module_id}" is not available in {pack.language}; it is available in: {", ".join(languages)}'
        )
        return _error(pack, where, message, "pack.language")
    known = sorted({p.name.split(".")[0] for p in folder.glob("*.yaml")})
    close = difflib.get_close_matches(module_id, known, n=1, cutoff=0.6)
    hint = f'did you mean "{close[0]}"?' if close else f"known ids: {', '.join(known) or 'none'}"
    return _error(pack, where, f'no module "{module_id}" in {display_path(folder)}/; {hint}', "pack.module")


def check_overrides(pack: Pack, index: int, module: Module) -> Iterator[Diagnostic]:
    """Yield an error for each override of entry `index` that names no activity of `module` or cannot apply."""
    entry = pack.modules[index]
    activities = {activity.id: activity for activity in module.activities}
    listing = ", ".join(activities)

    def unknown(path: FieldPath, activity_id: str, at_key: bool) -> Diagnostic:
        message = f'"{module.id}" has no activity "{activity_id}"; its activities: {listing}'
        return _error(pack, path, message, "pack.override", at_key)

    base: FieldPath = ("modules", index)
    for position, activity_id in enumerate(entry.skip):
        if activity_id not in activities:
            yield unknown((*base, "skip", position), activity_id, False)
    if activities and set(activities) <= set(entry.skip):
        yield _error(
            pack,
            (*base, "skip"),
            f'every activity of "{module.id}" is skipped; leave the module out instead',
            "pack.override",
        )
    for activity_id, minutes in entry.minutes.items():
        path = (*base, "minutes", activity_id)
        if activity_id not in activities:
            yield unknown(path, activity_id, True)
        elif minutes > activities[activity_id].minutes:
            own = activities[activity_id].minutes
            yield _error(
                pack,
                path,
                f"{minutes} minutes is more than the activity's own {own}; trimming can only shorten it",
                "pack.override",
            )
        elif activity_id in entry.skip:
            yield _error(pack, path, "the activity is also skipped; keep one of the two", "pack.override", True)
    for activity_id, number in entry.variation.items():
        path = (*base, "variation", activity_id)
        if activity_id not in activities:
            yield unknown(path, activity_id, True)
        elif number > len(activities[activity_id].variations):
            count = len(activities[activity_id].variations)
            have = f"has {count} variation{'s' if count != 1 else ''}" if count else "has no variations"
            yield _error(pack, path, f"the activity {have}, so there is no variation {number}", "pack.override")


def variation_text(variation: Variation | str) -> str:
    """Return a variation as one line for the workshop's guide: its text, or its title and steps."""
    if isinstance(variation, str):
        return variation
    return " ".join([f"{variation.title}:" if variation.steps else variation.title, *variation.steps])


def apply_overrides(index: int, entry: ModuleEntry, module: Module) -> PackModule:
    """Return the module as this workshop runs it: skipped activities left out, trimmed minutes applied,
    the module's own breaks left to the pack's."""
    activities = [
        # The pack's own breaks, at their clock times, take the place of a module's `break_after`.
        activity.model_copy(update={"minutes": entry.minutes.get(activity.id, activity.minutes), "break_after": None})
        for activity in module.activities
        if activity.id not in entry.skip
    ]
    adjusted = module.model_copy(update={"activities": activities, "duration": sum(a.minutes for a in activities)})
    by_id = {activity.id: activity for activity in module.activities}
    return PackModule(
        index=index,
        entry=entry,
        module=adjusted,
        variations={key: variation_text(by_id[key].variations[number - 1]) for key, number in entry.variation.items()},
        trimmed={key: by_id[key].minutes for key in entry.minutes if entry.minutes[key] < by_id[key].minutes},
        skipped=tuple(by_id[key].title for key in entry.skip),
    )
