"""Where the toolkit's own files are: the package, and its templates, fonts and Office base templates.

In a source checkout (and an editable install) the templates sit in `templates/` beside
the package; a wheel installs that folder inside the package, as `toolkit/templates`.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # toolkit/, above core/
TEMPLATES = PACKAGE / "templates" if (PACKAGE / "templates").is_dir() else PACKAGE.parent / "templates"
