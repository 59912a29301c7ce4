"""Build again on save: watch the folders a build reads and run the build when a file in them changes.

The build itself is incremental, so a change rebuilds only the modules it affects. What
the build writes (the output folder) and editors' temporary files are not changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from toolkit.bundled import TEMPLATES

if TYPE_CHECKING:
    from toolkit.options import BuildOptions

# The kinds of file a build reads: modules, templates, Office base templates, pictures.
SOURCE_SUFFIXES = {".yaml", ".yml", ".j2", ".pptx", ".docx", ".png", ".jpg", ".jpeg", ".gif"}


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


def watch_and_build(
    build: Callable[[], object],
    folders: list[Path],
    out: Path,
    changes: Iterable[Iterable[tuple[object, str]]] | None = None,
) -> None:
    """Build, then build again after each batch of source changes until interrupted (Ctrl+C).

    `changes` yields batches of (change, path) as watchfiles does; by default the folders
    are watched with watchfiles.
    """
    build()
    if changes is None:
        import logging

        import watchfiles

        logging.getLogger("watchfiles").setLevel(logging.ERROR)  # its own Ctrl+C notice; ours follows
        changes = watchfiles.watch(
            *folders, watch_filter=lambda change, path: is_source_change(Path(path), out), raise_interrupt=False
        )
    shown = ", ".join(str(folder) for folder in folders)
    click.echo(f"Watching {shown} (Ctrl+C stops).", err=True)
    for batch in changes:
        names = sorted({Path(path).name for _, path in batch if is_source_change(Path(path), out)})
        if not names:
            continue
        click.echo(f"\nChanged: {', '.join(names)}", err=True)
        build()
    click.echo("Stopped watching.", err=True)
