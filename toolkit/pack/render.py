"""Render a scheduled pack through the templates in `templates/pack/` into document trees.

The workshop's own documents (agenda, booklet front, guide front, materials list, evaluation
form, attendance sheet) come from templates; the booklet and combined guide then append each
module's handout and guide, built from the module templates with the workshop's clock times.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.core.bundled import TEMPLATES
from toolkit.core.i18n import N_, translations
from toolkit.pack.agenda import AgendaDay, agenda_days, contents, module_changes, session_plans
from toolkit.pack.loader import PackModule
from toolkit.pack.materials import document_needs, materials_by_day, materials_to_bring, print_groups
from toolkit.pack.model import Pack
from toolkit.pack.schedule import Schedule
from toolkit.render.doctree import Block, Deck, Document, Metadata, PageBreak
from toolkit.render.mdtree import parse_blocks
from toolkit.render.plan import PlanRow
from toolkit.render.templates import RenderOptions, build_deck, build_guide, build_handout, environment

# Office keeps at most 255 characters in a document property such as the title.
MAX_PROPERTY = 255


@dataclass(frozen=True)
class ModuleDocuments:
    """The three documents of one module as this workshop runs it."""

    planned: PackModule
    deck: Deck
    handout: Document
    guide: Document


@dataclass(frozen=True)
class PackDocuments:
    """Every document of a pack, as trees: the workshop's own and each module's."""

    agenda: Document
    booklet: Document
    guide: Document
    materials: Document
    evaluation: Document
    attendance: Document
    modules: tuple[ModuleDocuments, ...]


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


def _render_blocks(template: str, language: str, context: dict[str, object]) -> tuple[Block, ...]:
    """Return the blocks a template renders in a language."""
    return parse_blocks(environment((TEMPLATES,), language).get_template(template).render(context))


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


def module_documents(planned: PackModule, plan: list[PlanRow], participants: int) -> ModuleDocuments:
    """Return a module's deck, handout and guide as `build` makes them, on the workshop's clock."""
    module = planned.module
    options = RenderOptions(participants=participants, plan=tuple(plan))
    return ModuleDocuments(
        planned, build_deck(module, options), build_handout(module, options), build_guide(module, options)
    )


def _joined(front: tuple[Block, ...], parts: list[Document]) -> tuple[Block, ...]:
    """Return the front blocks followed by each document's blocks, each starting on a new page."""
    blocks = list(front)
    for part in parts:
        blocks.append(PageBreak())
        blocks.extend(part.blocks)
    return tuple(blocks)


def render_pack(pack: Pack, modules: list[PackModule], schedule: Schedule) -> PackDocuments:
    """Return every document of a scheduled pack as a tree, rendered in memory."""
    context = _pack_context(pack, modules, schedule)
    plans = session_plans(schedule, modules)
    per_module = tuple(module_documents(planned, plans[planned.index], pack.participants) for planned in modules)
    language = pack.language
    booklet_front = _render_blocks("pack/booklet.md.j2", language, context)
    guide_front = _render_blocks("pack/guide.md.j2", language, context)
    return PackDocuments(
        agenda=Document(_pack_metadata(pack, N_("agenda")), _render_blocks("pack/agenda.md.j2", language, context)),
        booklet=Document(
            _pack_metadata(pack, N_("participant booklet")), _joined(booklet_front, [m.handout for m in per_module])
        ),
        guide=Document(
            _pack_metadata(pack, N_("facilitator guide")), _joined(guide_front, [m.guide for m in per_module])
        ),
        materials=Document(
            _pack_metadata(pack, N_("materials and printing")),
            _render_blocks("pack/materials.md.j2", language, context),
        ),
        evaluation=Document(
            _pack_metadata(pack, N_("evaluation form")), _render_blocks("pack/evaluation.md.j2", language, context)
        ),
        attendance=Document(
            _pack_metadata(pack, N_("attendance sheet")), _render_blocks("pack/attendance.md.j2", language, context)
        ),
        modules=per_module,
    )
