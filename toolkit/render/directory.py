"""The exercise directory: one row for every activity of a curriculum, as DCAF keeps its directory of exercises.

A trainer filters it to find "a 30-minute practical exercise on border management": the
module and its main theme, DCAF's exercise type, the method, who it is for, its minutes,
how it groups people, whether the topic is sensitive, and the objectives it serves. The
rows are plain values; the writers lay them out as a workbook and a Markdown table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from toolkit.core.labels import EXERCISE_TYPE_LABELS, METHOD_LABELS
from toolkit.module.themes import all_themes

if TYPE_CHECKING:  # a module as every stage reads it: a Module or a cached record of one
    from toolkit.module.model import Activity
    from toolkit.module.snapshot import ModuleView


@dataclass(frozen=True)
class ExerciseRow:
    """One activity as the directory lists it; each field is a column, in this order."""

    module: str
    module_id: str
    language: str
    theme: str
    other_themes: str
    number: int
    exercise: str
    exercise_type: str
    method: str
    audience: str
    minutes: int
    grouping: str
    sensitive: str
    objectives: str


# Column headings, one for each field of ExerciseRow, with the width (in characters) a reader needs.
COLUMNS: dict[str, tuple[str, int]] = {
    "module": ("Module", 34),
    "module_id": ("Module id", 22),
    "language": ("Language", 9),
    "theme": ("Main theme", 30),
    "other_themes": ("Other themes", 30),
    "number": ("No.", 5),
    "exercise": ("Exercise", 40),
    "exercise_type": ("Exercise type (DCAF)", 14),
    "method": ("Method", 20),
    "audience": ("Audience", 30),
    "minutes": ("Minutes", 9),
    "grouping": ("Grouping", 18),
    "sensitive": ("Sensitive topic", 10),
    "objectives": ("Objectives served", 60),
}
assert list(COLUMNS) == [field.name for field in fields(ExerciseRow)]


def exercise_rows(modules: Iterable[ModuleView]) -> list[ExerciseRow]:
    """Return a row for every activity of `modules`, in module order and then plan order."""
    themes = all_themes()

    def theme_title(theme_id: str) -> str:
        return themes[theme_id].title if theme_id in themes else theme_id

    rows = []
    for module in modules:
        main, *others = module.themes
        for number, activity in enumerate(module.activities, 1):
            rows.append(
                ExerciseRow(
                    module=module.title,
                    module_id=module.id,
                    language=module.language,
                    theme=theme_title(main),
                    other_themes="; ".join(theme_title(theme) for theme in others),
                    number=number,
                    exercise=activity.title,
                    exercise_type=EXERCISE_TYPE_LABELS[activity.type] if activity.type else "",
                    method=METHOD_LABELS[activity.method],
                    audience=activity.audience or module.audience,
                    minutes=activity.minutes,
                    grouping=grouping_text(activity),
                    sensitive="yes" if module.content_note else "no",
                    objectives=" ".join(
                        f"{n}. {module.learning_objectives[n - 1]}"
                        for n in activity.serves
                        if 0 < n <= len(module.learning_objectives)
                    ),
                )
            )
    return rows


def grouping_text(activity: Activity) -> str:
    """Return how an activity groups people, whatever the number who come: pairs, groups of 6, 4 groups."""
    if activity.groups:
        return f"{activity.groups} groups"
    if activity.group_size == 2:
        return "pairs"
    if activity.group_size:
        return f"groups of {activity.group_size}"
    return "whole group"
