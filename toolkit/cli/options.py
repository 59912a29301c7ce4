"""Options more than one command takes, defined once: the user's own templates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click


def office_file(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """Return an Office template's path once it is a regular file within the size limits; exit 1 naming it if not.

    Checked before anything reads it: `/dev/zero` would fill memory, a named pipe wait for ever.
    """
    if value is None:
        return None
    from toolkit.writers.opc import file_problem  # only for a file given: a build with nothing to do needs no lxml

    problem = file_problem(value)
    if problem:
        raise click.ClickException(f"{value}: {problem} [template.unreadable]")
    return value


def template_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the options that replace the shipped templates (`--pptx-template`, `--docx-reference`, `--templates`)
    and `--allow-template-issues`, which builds on a deck template doctor's rules find faults in."""
    options = [
        click.option(
            "--pptx-template",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            default=None,
            callback=office_file,
            help="Your own branded .pptx whose layouts the deck uses.",
        ),
        click.option(
            "--docx-reference",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            default=None,
            callback=office_file,
            help="Your own .docx whose styles the handout and guide use.",
        ),
        click.option(
            "--templates",
            type=click.Path(exists=True, file_okay=False, path_type=Path),
            default=None,
            help="Folder of your own Jinja2 templates to use instead: slides.md.j2, handout.md.j2, guide.md.j2, and "
            "a pack's in pack/ (agenda.md.j2…); those it lacks come from the shipped ones.",
        ),
        click.option(
            "--allow-template-issues",
            is_flag=True,
            help="Build on a deck template even when doctor's rules find its text too faint to read; "
            "each problem becomes a warning.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command
