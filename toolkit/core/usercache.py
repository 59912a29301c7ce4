"""The user's cache folder: what the toolkit can always work out again, kept to answer faster.

Verdicts on module files and compiled templates live here. Entries are keyed by the
toolkit's own code, so a changed toolkit never reads an older one's entries.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from toolkit.core.bundled import PACKAGE


def cache_folder(kind: str) -> Path:
    """Return the folder for one kind of entry: $XDG_CACHE_HOME/ssr-toolkit/<kind> (~/.cache by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ssr-toolkit" / kind


@cache
def code_key() -> str:
    """Return the hash of the toolkit's code and data: a new toolkit gives new cache entries."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml", ".json"):
            digest.update(str(path.relative_to(PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def store_entry(target: Path, text: str) -> None:
    """Write a cache entry whole (a reader never sees half of one); a cache that cannot be written is not used."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        pass
