"""What the workshop needs prepared: sheets to print module by module, materials to bring day by day."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from toolkit.core.i18n import N_
from toolkit.pack.agenda import start_days
from toolkit.pack.loader import PackModule
from toolkit.pack.schedule import Schedule
from toolkit.render.materials import copies_needed


@dataclass(frozen=True)
class PrintNeed:
    """A sheet to photocopy for one activity, and how many copies."""

    item: str
    copies: int
    activity: str


@dataclass(frozen=True)
class PrintGroup:
    """The sheets one module needs copied, and the day (from 1) the module starts."""

    module: str
    day: int
    needs: tuple[PrintNeed, ...]


@dataclass(frozen=True)
class MaterialNeed:
    """Something to bring, and how many: the most that any one activity needs."""

    item: str
    quantity: int


@dataclass(frozen=True)
class DayMaterials:
    """What to bring on one day (from 1)."""

    day: int
    needs: tuple[MaterialNeed, ...]


def print_groups(modules: list[PackModule], schedule: Schedule, participants: int) -> list[PrintGroup]:
    """Return the sheets to photocopy, module by module in workshop order, with copies for `participants`."""
    day_of = start_days(schedule)
    groups = []
    for planned in modules:
        needs = tuple(
            PrintNeed(material.item, copies_needed(material, activity, participants), activity.title)
            for activity in planned.module.activities
            for material in activity.materials
            if material.print
        )
        if needs:
            groups.append(PrintGroup(planned.module.title, day_of[(planned.index, 0)], needs))
    return groups


def _material_uses(modules: list[PackModule], participants: int) -> Iterator[tuple[tuple[int, int], str, int]]:
    """Yield each use of a material that is not printed: (session, activity index), item and copies."""
    for planned in modules:
        for index, activity in enumerate(planned.module.activities):
            for material in activity.materials:
                if not material.print:
                    yield (planned.index, index), material.item, copies_needed(material, activity, participants)


def _largest(uses: Iterable[tuple[str, int]]) -> tuple[MaterialNeed, ...]:
    """Return one need per item, in the order first used, at the largest number any one use needs.

    Equipment and supplies serve one activity after another, so they are not added up.
    """
    found: dict[str, int] = {}
    for item, copies in uses:
        found[item] = max(copies, found.get(item, 0))
    return tuple(MaterialNeed(item, quantity) for item, quantity in found.items())


def materials_to_bring(modules: list[PackModule], participants: int) -> tuple[MaterialNeed, ...]:
    """Return everything besides printed sheets that the workshop needs, one row per item."""
    return _largest((item, copies) for _, item, copies in _material_uses(modules, participants))


def materials_by_day(modules: list[PackModule], schedule: Schedule, participants: int) -> list[DayMaterials]:
    """Return what to bring each day: the materials of the activities that start that day."""
    day_of = start_days(schedule)
    uses = list(_material_uses(modules, participants))
    days = sorted({day_of[where] for where, _, _ in uses})
    return [
        DayMaterials(day, _largest((item, copies) for where, item, copies in uses if day_of[where] == day))
        for day in days
    ]


@dataclass(frozen=True)
class DocumentNeed:
    """One of the workshop's own documents to print; `label` is English, for the catalogue to translate."""

    label: str
    copies: int


def document_needs(
    participants: int, prints: list[PrintGroup], translate: Callable[[str], str] = lambda text: text
) -> list[DocumentNeed]:
    """Return the workshop's own documents to print: booklets, evaluation forms, the attendance sheet.

    Each participant gets a booklet and an evaluation form; the attendance sheet (a page a day) is printed
    once. A document a module already lists among its sheets to print (the closing module's
    "Evaluation form") is left out here, so it is not printed twice; `translate` gives the
    name a module in the pack's language would use.
    """
    listed = {need.item.casefold() for group in prints for need in group.needs}
    needs = [
        DocumentNeed(N_("Participant booklet"), participants),
        DocumentNeed(N_("Evaluation form"), participants),
        DocumentNeed(N_("Attendance sheet"), 1),
    ]
    return [need for need in needs if translate(need.label).casefold() not in listed]
