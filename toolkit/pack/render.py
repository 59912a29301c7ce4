"""Render a scheduled pack through the templates in `templates/pack/` into document trees.

The workshop's own documents (agenda, booklet front, guide front, materials list, evaluation
form, attendance sheet) come from templates (a user's `--templates` folder first, in its
`pack/`); the booklet and combined guide then append each module's handout and guide, which
the build (`build.pipeline.render_module_documents`) made with the workshop's clock times.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError

from toolkit.core.bundled import TEMPLATES
from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, Position, Severity
from toolkit.core.i18n import N_, translations
from toolkit.core.limits import MAX_RENDER_SECONDS, LimitExceeded, join_bounded, time_limit
from toolkit.pack.agenda import AgendaDay, agenda_days, contents, module_changes
from toolkit.pack.loader import PackModule
from toolkit.pack.materials import document_needs, materials_by_day, materials_to_bring, print_groups
from toolkit.pack.model import Pack
from toolkit.pack.schedule import Schedule
from toolkit.render.doctree import Block, Document, Metadata, PageBreak
from toolkit.render.mdtree import parse_blocks
from toolkit.render.templates import environment

# Office keeps at most 255 characters in a document property such as the title.
MAX_PROPERTY = 255


@dataclass(frozen=True)
class PackDocuments:
    """Every document of a pack, as trees: the workshop's own and each module's."""

    agenda: Document
    booklet: Document
    guide: Document
    materials: Document
    evaluation: Document
    attendance: Document


def _dates_text(pack: Pack) -> str:
    """Return the workshop's dates as the language writes them: one date, or first to last."""
    from babel.dates import format_date, format_interval

    locale = pack.language.replace("-", "_")
    first, last = pack.dates[0], pack.dates[-1]
    if first == last:
        return format_date(first, "long", locale=locale)
    return format_interval(first, last, "yMMMMd", locale=locale)


def _day_labels(pack: Pack, days: list[AgendaDay]) -> dict[int, str]:
    """Return each day's date written in full in the pack's language, by day number."""
    from babel.dates import format_date

    locale = pack.language.replace("-", "_")
    return {day.number: format_date(day.date, "full", locale=locale) for day in days}


def _pack_context(pack: Pack, modules: list[PackModule], schedule: Schedule) -> dict[str, object]:
    """Return what every pack template may use."""
    days = agenda_days(schedule, modules)
    prints = print_groups(modules, schedule, pack.participants)
    return {
        "pack": pack,
        "modules": modules,
        "days": days,
        "day_labels": _day_labels(pack, days),
        "dates_text": _dates_text(pack),
        "contents": contents(days),
        "documents": document_needs(pack.participants, prints, translations(pack.language).gettext),
        "prints": prints,
        "materials": materials_to_bring(modules, pack.participants),
        "materials_by_day": materials_by_day(modules, schedule, pack.participants),
        "changes": module_changes(modules),
    }


def _render_blocks(
    template: str, language: str, context: dict[str, object], template_dirs: tuple[Path, ...]
) -> tuple[Block, ...]:
    """Return the blocks a template renders in a language; raise DiagnosticsError placed in the template if it fails."""
    try:
        with time_limit(MAX_RENDER_SECONDS):
            compiled = environment(template_dirs, language).get_template(template)
            return parse_blocks(join_bounded(compiled.generate(context)))
    except (TemplateError, LimitExceeded) as exc:
        filename = getattr(exc, "filename", None) or template
        line = getattr(exc, "lineno", None)
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
        if line is None and frames:  # an error while rendering: the template line it happened at
            filename, line = frames[-1].filename, frames[-1].lineno
        message = f"template {template} failed for the pack: {exc}"
        position = Position(line, 1) if line else None
        raise DiagnosticsError(
            [Diagnostic(str(filename), position, Severity.ERROR, message, "template.render")]
        ) from None


def _pack_metadata(pack: Pack, kind: str) -> Metadata:
    """Return the document properties of one of the pack's own documents; `kind` is translated."""
    kind = translations(pack.language).gettext(kind)
    title = f"{pack.title} — {kind}"
    if len(title) > MAX_PROPERTY:
        title = pack.title[: MAX_PROPERTY - len(kind) - 4].rsplit(" ", 1)[0] + "… — " + kind
    return Metadata(
        title=title,
        language=pack.language,
        subject=f"{pack.organiser}, {pack.venue}",
        keywords=("gender", "security sector reform", "workshop"),
    )


def _joined(front: tuple[Block, ...], parts: list[Document]) -> tuple[Block, ...]:
    """Return the front blocks followed by each document's blocks, each starting on a new page."""
    blocks = list(front)
    for part in parts:
        blocks.append(PageBreak())
        blocks.extend(part.blocks)
    return tuple(blocks)


def render_pack(
    pack: Pack,
    modules: list[PackModule],
    schedule: Schedule,
    module_trees: list[tuple[Document, Document]],
    template_dirs: tuple[Path, ...] = (TEMPLATES,),
) -> PackDocuments:
    """Return the workshop's own documents of a scheduled pack as trees, rendered in memory.

    `module_trees` holds each module's handout and guide, in the pack's order, for the booklet
    and the combined guide; `template_dirs` are looked in for `pack/<name>.md.j2`, first wins.
    """
    context = _pack_context(pack, modules, schedule)
    language = pack.language

    def blocks(name: str) -> tuple[Block, ...]:
        return _render_blocks(f"pack/{name}.md.j2", language, context, template_dirs)

    booklet_front, guide_front = blocks("booklet"), blocks("guide")
    return PackDocuments(
        agenda=Document(_pack_metadata(pack, N_("agenda")), blocks("agenda")),
        booklet=Document(
            _pack_metadata(pack, N_("participant booklet")), _joined(booklet_front, [h for h, _ in module_trees])
        ),
        guide=Document(
            _pack_metadata(pack, N_("facilitator guide")), _joined(guide_front, [g for _, g in module_trees])
        ),
        materials=Document(_pack_metadata(pack, N_("materials and printing")), blocks("materials")),
        evaluation=Document(_pack_metadata(pack, N_("evaluation form")), blocks("evaluation")),
        attendance=Document(_pack_metadata(pack, N_("attendance sheet")), blocks("attendance")),
    )
