"""The command line: Click commands, thin over the stages below; `watch` and the scaffold's command.

`main` is the `ssr-toolkit` group. Each command module registers its commands on it when
imported, so importing this package gives the whole command line.
"""

from toolkit.cli import authoring, building, directory, packs, previewing, quality, templates  # noqa: F401  (each registers its commands on main)
from toolkit.cli.main import main

__all__ = ["main"]
