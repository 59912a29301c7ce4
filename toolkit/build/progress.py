"""How a build reports its progress: a listener it tells, and a one-line bar for a terminal.

The bar is ours rather than `click.progressbar`: that one draws only when its line changed (so it
cannot be drawn again after a line printed above it wiped it), and its options differ
between the click releases we support.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from toolkit.module.snapshot import ModuleView

BAR_WIDTH = 24  # characters of the bar itself, between the brackets


def progress_line(done: int, total: int, name: str = "", width: int = 80, label: str = "Building") -> str:
    """Return `Building [######------] 3/12  25% peru-trc (es)`, cut to fit `width` columns.

    The last column stays empty: some terminals move to the next line after writing it.
    """
    filled = BAR_WIDTH * done // total if total else BAR_WIDTH
    percent = 100 * done // total if total else 100
    bar = "#" * filled + "-" * (BAR_WIDTH - filled)
    line = f"{label} [{bar}] {done}/{total} {percent:3d}% {name}".rstrip()
    return line[: max(width - 1, 0)]


class BuildListener:
    """Told how a build goes, module by module; this one ignores it (the command line shows it)."""

    def starting(self, total: int) -> None:
        """Hear how many modules the build is about to build (those up to date left out)."""

    def building(self, module: ModuleView) -> None:
        """Hear that the build now waits for this module's files (modules are built in order)."""

    def built(self, module: ModuleView, paths: list[Path]) -> None:
        """Hear that this module's files are now in place (put back if the system fails before the build ends)."""

    def not_built(self, path: Path) -> None:
        """Hear that the module in this file has errors: it is not built, its earlier files stay as they were."""


class ProgressBar:
    """A progress line on `stream` when it is a terminal and there is more than one step; else nothing."""

    def __init__(self, total: int, stream: TextIO, label: str = "Building"):
        self.total = total
        self.stream = stream
        self.label = label
        self.shown = total > 1 and _is_terminal(stream)
        self.drawn = 0  # columns of the line now on screen, to wipe

    def draw(self, done: int, name: str = "") -> None:
        """Draw the line again in place: `done` steps of the total, working on `name`."""
        if not self.shown:
            return
        line = progress_line(done, self.total, name, shutil.get_terminal_size().columns, self.label)
        self.stream.write("\r" + line + " " * (self.drawn - len(line)))
        self.stream.flush()
        self.drawn = len(line)

    def clear(self) -> None:
        """Wipe the line, so that text printed next starts on a clean one (the next `draw` puts it back)."""
        if self.drawn:
            self.stream.write("\r" + " " * self.drawn + "\r")
            self.stream.flush()
            self.drawn = 0

    def finish(self, done: int) -> None:
        """Leave the line on screen, showing `done` steps, and move below it."""
        if self.shown:
            self.draw(done)
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = 0


def _is_terminal(stream: TextIO) -> bool:
    """Return True when `stream` is a terminal (a stream without `isatty` is not)."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
