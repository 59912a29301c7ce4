"""Put a pack in place as a whole: every file staged in a hidden folder beside it, then swapped in by renames.

While process P writes the pack `<id>`, `OUT/packs/` holds, besides `<id>/` and `<id>.zip`:

    .<id>.new-P/<id>/      the new pack folder, every file written and flushed to disk
    .<id>.new-P/<id>.zip   the new zip
    .<id>.old-P/           the pack folder it replaces, from the swap until it is removed

Nothing under the pack's own names changes until everything is staged, so a full disk, an
error or a kill while staging leaves the earlier folder and zip as they were. The swap is
three renames (the old folder aside, the new folder in, the new zip over the old one); a
rename that fails puts back what the ones before it moved. A run killed between renames
leaves its staging folder, from which the next run finishes the swap or undoes it
(`recover`), so the folder and the zip agree again before anything else is written. Callers
hold the output folder's lock (`core.output.output_lock`), so every leftover is a dead run's.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

from toolkit.build.pipeline import OutputFile

MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 16 * 1024 * 1024  # a pack's manifest is a few KiB; a bigger one is not ours
_LEFTOVER = re.compile(r"^\.(?P<id>.+)\.(?P<kind>new|old)-(?P<pid>\d+)$")


def write_file(path: Path, data: bytes) -> None:
    """Write a new file (never an existing one) and flush it to disk, so a rename later publishes all of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def publish_pack(packs: Path, pack_id: str, files: list[OutputFile], archive: bytes) -> list[Path]:
    """Replace `packs/<id>/` by `files` and `packs/<id>.zip` by `archive`, as one; return the paths written.

    Files in the earlier folder that its manifest does not list (the user's own) are carried
    over; those it lists and this pack no longer makes (a module taken out) are not. On any
    failure the earlier folder and zip are left as they were, with no temporaries, and the
    OSError is raised again.
    """
    packs.mkdir(parents=True, exist_ok=True)
    recover(packs)
    folder, zip_path = packs / pack_id, packs / f"{pack_id}.zip"
    staging = packs / f".{pack_id}.new-{os.getpid()}"
    old = packs / f".{pack_id}.old-{os.getpid()}"
    try:
        for output in files:
            write_file(staging / pack_id / output.path, output.data)
        _carry_over(folder, staging / pack_id, {output.path.as_posix() for output in files})
        write_file(staging / zip_path.name, archive)
        _swap(staging, old, folder, zip_path)
    finally:
        _remove(staging)
    _remove(old)
    return [folder / output.path for output in files] + [zip_path]


def _swap(staging: Path, old: Path, folder: Path, zip_path: Path) -> None:
    """Rename the staged folder and zip into place, the old folder aside; undo the renames done if one fails."""
    had_folder = os.path.lexists(folder)
    if had_folder:
        os.rename(folder, old)
    try:
        os.rename(staging / folder.name, folder)
    except BaseException:
        if had_folder:
            os.rename(old, folder)
        raise
    try:
        os.replace(staging / zip_path.name, zip_path)
    except BaseException:
        os.rename(folder, staging / folder.name)
        if had_folder:
            os.rename(old, folder)
        raise


def listed_files(folder: Path) -> set[str] | None:
    """Return the paths an earlier pack's manifest lists (the manifest too), or None when it has none we can read."""
    path = folder / MANIFEST
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > MAX_MANIFEST_BYTES:
            return None
        entries = json.loads(path.read_text(encoding="utf-8"))["files"]
        return {MANIFEST} | {entry["path"] for entry in entries if isinstance(entry, dict) and "path" in entry}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _carry_over(folder: Path, staged: Path, made: set[str]) -> None:
    """Link into `staged` the files of the earlier `folder` that no pack made: what the user put there.

    Without a readable manifest nothing is known to be the toolkit's, so every file this
    pack does not make is kept, as before packs were written whole.
    """
    if not folder.is_dir() or folder.is_symlink():
        return
    listed = listed_files(folder) or set()
    for root, _, names in os.walk(folder):
        for name in names:
            source = Path(root) / name
            relative = source.relative_to(folder).as_posix()
            if relative in made or relative in listed:
                continue
            target = staged / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_symlink():
                os.symlink(os.readlink(source), target)
            elif source.is_file():
                try:
                    os.link(source, target)
                except OSError:  # a file system without hard links
                    shutil.copy2(source, target)


def recover(packs: Path) -> None:
    """Finish or undo the swap of every pack a killed run left half done, then remove its temporaries.

    A run killed after its new folder was renamed in but before its zip was gets its zip
    renamed in (when the zip's manifest is the folder's); one killed after the old folder
    was set aside but before the new one came in gets the old one back.
    """
    try:
        names = os.listdir(packs)
    except OSError:
        return
    leftovers = [(match, packs / match.group(0)) for match in map(_LEFTOVER.match, names) if match]
    for match, path in sorted(leftovers, key=lambda item: item[0].group("kind")):  # `new` before `old`
        pack_id, pid = match.group("id"), match.group("pid")
        folder, zip_path = packs / pack_id, packs / f"{pack_id}.zip"
        old = packs / f".{pack_id}.old-{pid}"
        if match.group("kind") == "new":
            staged_zip = path / zip_path.name
            if not os.path.lexists(path / pack_id) and staged_zip.is_file() and _same_manifest(folder, staged_zip):
                os.replace(staged_zip, zip_path)  # the folder was in already: the zip follows it
        elif not os.path.lexists(folder):
            os.rename(old, folder)  # the old folder was set aside, the new one never came in: put it back
        _remove(path)


def _same_manifest(folder: Path, archive: Path) -> bool:
    """Return True when the zip at `archive` holds the manifest that `folder` has."""
    try:
        with zipfile.ZipFile(archive) as opened:
            info = opened.getinfo(f"{folder.name}/{MANIFEST}")
            if info.file_size > MAX_MANIFEST_BYTES:
                return False
            return opened.read(info) == (folder / MANIFEST).read_bytes()
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return False


def _remove(path: Path) -> None:
    """Remove a file or a folder and everything in it, if it is there; what cannot be removed is left."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
