"""Build again on save: watch the folders a build reads and run the build when a file in them changes.

The build itself is incremental, so a change rebuilds only the modules it affects. What
the build writes (the output folder) and editors' temporary files are not changes. Where
there are no file events and watchfiles polls, it compares modification times in whole
seconds and can miss a second save within one second; so every few quiet seconds the
source files' sizes and nanosecond times are compared with those of the last build too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from toolkit.core.bundled import TEMPLATES

if TYPE_CHECKING:
    from toolkit.build.options import BuildOptions

# The kinds of file a build reads: modules, templates, Office base templates, pictures.
SOURCE_SUFFIXES = {".yaml", ".yml", ".j2", ".pptx", ".docx", ".png", ".jpg", ".jpeg", ".gif"}
QUIET_MILLISECONDS = 2000  # after this long with no event, the sources are compared with the last build's

Fingerprint = dict[Path, tuple[int, int]]


def watched_folders(paths: list[Path], options: BuildOptions) -> list[Path]:
    """Return the folders whose files a build of `paths` reads: the modules' folders, templates, Office templates."""
    folders = {path.resolve().parent for path in paths}
    folders.add(TEMPLATES.resolve())
    if options.templates:
        folders.add(options.templates.resolve())
    for office_template in (options.pptx_template, options.docx_reference):
        if office_template:
            folders.add(office_template.resolve().parent)
    return sorted(folders)


def is_source_change(path: Path, out: Path) -> bool:
    """Return True when a change to `path` can change what a build makes: a source file, not output or an editor's."""
    resolved = path.resolve()
    if resolved.is_relative_to(out.resolve()) or resolved.name.startswith((".", "~$")):
        return False  # what the build wrote; hidden and lock files editors make while saving
    return resolved.suffix.lower() in SOURCE_SUFFIXES


def source_fingerprint(folders: list[Path], out: Path) -> Fingerprint:
    """Return the size and modification time (ns) of every source file in the folders, below them too."""
    found: Fingerprint = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if is_source_change(path, out):
                try:
                    status = path.stat()
                except OSError:  # removed while we looked
                    continue
                found[path] = (status.st_size, status.st_mtime_ns)
    return found


def watch_and_build(
    build: Callable[[], object],
    folders: list[Path],
    out: Path,
    changes: Iterable[Iterable[tuple[object, str]]] | None = None,
) -> None:
    """Build, then build again after each batch of source changes until interrupted (Ctrl+C).

    `changes` yields batches of (change, path) as watchfiles does, and an empty batch after
    a quiet spell; by default the folders are watched with watchfiles.
    """
    built_from = source_fingerprint(folders, out)
    build()
    if changes is None:
        import logging

        import watchfiles

        logging.getLogger("watchfiles").setLevel(logging.ERROR)  # its own Ctrl+C notice; ours follows
        changes = watchfiles.watch(
            *folders,
            watch_filter=lambda change, path: is_source_change(Path(path), out),
            raise_interrupt=False,
            rust_timeout=QUIET_MILLISECONDS,
            yield_on_timeout=True,
        )
    shown = ", ".join(str(folder) for folder in folders)
    click.echo(f"Watching {shown} (Ctrl+C stops).", err=True)
    for batch in changes:
        now = source_fingerprint(folders, out)
        named = {Path(path) for _, path in batch if is_source_change(Path(path), out)}
        missed = {path for path in now.keys() | built_from.keys() if now.get(path) != built_from.get(path)}
        if not named and not missed:
            continue
        click.echo(f"\nChanged: {', '.join(sorted({path.name for path in named | missed}))}", err=True)
        built_from = now  # taken before building: a save during the build is a change for next time
        build()
    click.echo("Stopped watching.", err=True)
