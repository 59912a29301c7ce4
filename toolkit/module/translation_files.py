"""Start a translation file, and renew its link to the source once it is up to date.

A translation names its source, the source's content hash and a compressed copy of the
source's text (`translation.source_text`), so that `validate` can show what changed in the
source since. That block is the translation's last field: a translator reads the module's
text first, and the copy is not text to translate.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from toolkit.core.output import write_atomic

if TYPE_CHECKING:
    from toolkit.module.snapshot import ModuleView

# A top-level `translation:` key with every line under it (indented, or blank before an indented one).
_BLOCK = re.compile(r"(?m)^(?:#[^\n]*\n)*translation:[^\n]*\n(?:(?:[ \t]+[^\n]*|[ \t]*)\n)*?(?=\S|\Z)")
_COMMENT = (
    "# Written by `ssr-toolkit translate`: the source this translation follows, the hash of its content and a\n"
    "# compressed copy of its text, so that `validate` can show what changes in the source. Do not translate\n"
    "# or edit it; once the translation is brought up to date with its source, renew it with\n"
    "# ssr-toolkit translate {source} --lang {language} --refresh\n"
)


def translation_block(source: Path, module: ModuleView, language: str) -> str:
    """Return the `translation:` block of a translation of `module` (read from `source`) into `language`."""
    from toolkit.module.loader import display_path
    from toolkit.module.translations import content_hash, encode_source_text

    lines = [
        _COMMENT.format(source=Path(display_path(source)).as_posix(), language=language),
        "translation:\n",
        f"  source: {source.name}\n",
        f"  source_hash: {content_hash(source)}\n",
        "  source_text:\n",
        *(f"    - {line}\n" for line in encode_source_text(module)),
    ]
    return "".join(lines)


def with_block(text: str, block: str) -> str:
    """Return a module's text with its `translation:` block (and the comment above it) replaced by `block`,
    which goes at the end of the file."""
    text = _BLOCK.sub("", text if text.endswith("\n") else text + "\n", count=1).rstrip("\n")
    return f"{text}\n\n{block}"


def load_original(source: Path, language: str) -> ModuleView:
    """Return the module at `source`, which a translation into `language` can be made from; raise otherwise."""
    from toolkit.core.diagnostics import DiagnosticsError
    from toolkit.module.loader import load

    loaded = load(source)
    if loaded.module is None:
        raise DiagnosticsError(loaded.diagnostics)
    module = loaded.module
    if module.translation is not None:
        raise click.ClickException(f"{source} is itself a translation; translate the original")
    if module.language == language:
        raise click.ClickException(f"{source} is already in {language}")
    return module


def refresh_translation(source: Path, language: str) -> Path:
    """Return the path of the translation of `source` into `language`, now marked as following the source as it
    is: its hash and its copy of the source's text renewed, the rest of the file as it was.

    The translator runs this once the translation is up to date; `validate` then reports only
    what changes in the source from now on.
    """
    module = load_original(source, language)
    target = source.with_name(f"{module.id}.{language}.yaml")
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise click.ClickException(
            f"{target} does not exist; start it with: ssr-toolkit translate {source} --lang {language}"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{target} cannot be read: {exc}") from None
    if not _BLOCK.search(text):
        raise click.ClickException(f"{target} has no `translation:` block: it is not a translation of {source}")
    write_atomic(target, with_block(text, translation_block(source, module, language)).encode("utf-8"))
    return target
