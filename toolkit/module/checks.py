"""Checks beyond types: what a module must satisfy as a whole to be taught."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.core.diagnostics import Diagnostic, FieldPath, Severity, field_path, quote
from toolkit.core.i18n import language_problem
from toolkit.core.paths import check_relative_path
from toolkit.module.guidance import (
    BREAK_SUGGESTED,
    BULLET_ADVICE,
    BULLET_RECOMMENDED_CHARS,
    BULLET_WARNING_CHARS,
    CHART_CATEGORIES_MAX,
    DIAGRAM_ITEMS_MAX,
    DIAGRAM_ITEMS_MIN,
    LONGEST_WITHOUT_BREAK,
    OBJECTIVES_RECOMMENDED,
    PIE_SLICES_MAX,
)
from toolkit.module.images import check_image, orientation_problem
from toolkit.module.themes import all_themes
from toolkit.module.weak_sources import weak_site

if TYPE_CHECKING:  # a module the plain validator accepted (snapshot.ModuleRecord) is checked the same way
    from toolkit.module.model import Chart, Diagram
    from toolkit.module.snapshot import ModuleView

Report = Callable[[FieldPath, str, str, Severity], Diagnostic]


def check_module(module: ModuleView, folder: Path) -> list[Diagnostic]:
    """Return the diagnostics of the whole-module rules, in file order."""

    def report(path: FieldPath, message: str, code: str, severity: Severity = Severity.ERROR) -> Diagnostic:
        return Diagnostic(module.file, module.position(path), severity, message, code)

    found: list[Diagnostic] = []
    for rule in (
        _id_is_a_safe_file_name,
        _language_is_known,
        _minutes_add_up,
        _themes_exist,
        _ids_unique,
        _references_resolve,
        _tables_are_square,
        _grouping_said_once,
        _questions_have_guidance,
        _images_are_safe,
        _handout_images_are_described,
        _one_figure_a_slide,
        _charts_are_readable,
        _diagrams_are_readable,
        _bullets_are_short,
        _objectives_are_few,
        _sources_are_original,
        _breaks_are_planned,
    ):
        found.extend(rule(module, report, folder))
    return sorted(found, key=lambda d: (d.position.line, d.position.column) if d.position else (0, 0))


# Names Windows reserves for devices, whatever the extension: a folder named `con` cannot be made there.
RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}


def reserved_id(module_id: str) -> str | None:
    """Return why a well-formed id cannot name a module's output folder, or None when it can.

    `validate` reports it and `new` refuses the id with it, so the two never disagree.
    """
    if module_id in RESERVED_NAMES:
        return f'"{module_id}" is a device name on Windows and cannot name the output folder; choose another id'
    return None


def _id_is_a_safe_file_name(module: ModuleView, report: Report, folder: Path) -> Iterator[Diagnostic]:
    problem = reserved_id(module.id)
    if problem:
        yield report(("id",), f"id: {problem}", "check.reserved-id", Severity.ERROR)


def _language_is_known(module: ModuleView, report: Report, folder: Path) -> Iterator[Diagnostic]:
    problem = language_problem(module.language)
    if problem:
        yield report(("language",), f"language: {problem}", "check.language", Severity.ERROR)


def _minutes_add_up(module: ModuleView, report: Report, folder: Path) -> Iterator[Diagnostic]:
    total = sum(activity.minutes for activity in module.activities)
    if total != module.duration:
        listing = " + ".join(str(a.minutes) for a in module.activities)
        yield report(
            ("duration",),
            f"duration: the activities add up to {total} minutes ({listing}), "
            f"but duration says {module.duration}; make them agree",
            "check.minutes",
            Severity.ERROR,
        )


def _themes_exist(module: ModuleView, report: Report, folder: Path) -> Iterator[Diagnostic]:
    known = all_themes()
    for index, theme in enumerate(module.themes):
        if theme not in known:
            yield report(
                ("themes", index),
                f'themes[{index}]: unknown theme "{theme}"; expected one of: {", ".join(known)}',
                "check.theme",
                Severity.ERROR,
            )


def _ids_unique(module: ModuleView, report: Report, folder: Path) -> Iterator[Diagnostic]:
    ids_by_field: tuple[tuple[str, list[str]], ...] = (
        ("activities", [activity.id for activity in module.activities]),
        ("sources", [source.id for source in module.sources]),
    )
    for name, ids in ids_by_field:
        seen: dict[str, int] = {}
        for index, item_id in enumerate(ids):
            if item_id in seen:
                yield report(
                    (name, index, "id"),
                    f'{name}[{index}].id: "{item_id}" is already the id of {name}[{seen[item_id]}]; ids must be unique',
                    "check.duplicate-id",
                    Severity.ERROR,
                )
            seen.setdefault(item_id, index)


def _references_resolve(module: ModuleView, report: Report, folder: Path) -> Iterator[Diagnostic]:
    sources = module.source_by_id()
    for index, example in enumerate(module.examples):
        for ref_index, ref in enumerate(example.sources):
            if ref not in sources:
                path = ("examples", index, "sources", ref_index)
                yield report(
                    path,
                    f'{field_path(path)}: no source has the id "{ref}"; known ids: {", ".join(sources)}',
                    "check.source-ref",
                    Severity.ERROR,
                )
    count = len(module.learning_objectives)
    for index, activity in enumerate(module.activities):
        for ref_index, number in enumerate(activity.serves):
            if not 1 <= number <= count:
                path = ("activities", index, "serves", ref_index)
                yield report(
                    path,
                    f"{field_path(path)}: there is no learning objective {number}; the module has {count}",
                    "check.objective-ref",
                    Severity.ERROR,
                )


def _tables_are_square(module: ModuleView, report: Report, folder: Path) -> Iterator[Diagnostic]:
    for index, activity in enumerate(module.activities):
        if activity.table is None:
            continue
        width = len(activity.table.columns)
        for row_index, row in enumerate(activity.table.rows):
            if len(row) != width:
                path = ("activities", index, "table", "rows", row_index)
                yield report(
                    path,
                    f"{field_path(path)}: the row has {len(row)} cells but the table has {width} columns",
                    "check.table",
                    Severity.ERROR,
                )


def _grouping_said_once(module: ModuleView, report: Report, folder: Path) -> Iterator[Diagnostic]:
    for index, activity in enumerate(module.activities):
        if activity.group_size is not None and activity.groups is not None:
            yield report(
                ("activities", index, "groups"),
                f"activities[{index}]: group_size ({activity.group_size} people per group) and groups "
                f"({activity.groups} groups) both say how to split the participants; keep one of the two",
                "check.grouping",
                Severity.ERROR,
            )


def _questions_have_guidance(module: ModuleView, report: Report, folder: Path) -> Iterator[Diagnostic]:
    for index, activity in enumerate(module.activities):
        for q_index, question in enumerate(activity.questions):
            if not question.guidance:
                path = ("activities", index, "questions", q_index)
                yield report(
                    path,
                    f"{field_path(path)}: the question has no guidance; add what the facilitator should listen for",
                    "check.guidance",
                    Severity.WARNING,
                )


def _images_are_safe(module: ModuleView, report: Report, folder: Path) -> Iterator[Diagnostic]:
    for index, activity in enumerate(module.activities):
        placed: list[tuple[FieldPath, str]] = [
            (("activities", index, "slides", s_index, "image", "path"), slide.image.path)
            for s_index, slide in enumerate(activity.slides)
            if slide.image is not None
        ]
        placed += [(("activities", index, "images", i, "path"), image.path) for i, image in enumerate(activity.images)]
        for path, relative in placed:
            problem = check_relative_path(relative, folder) or check_image(folder / relative)
            if problem:
                yield report(path, f"{field_path(path)}: {problem}", "check.image-path", Severity.ERROR)
            elif turned := orientation_problem(folder / relative):
                yield report(path, f"{field_path(path)}: {turned}", "check.image-orientation", Severity.WARNING)


# A picture written into text as Markdown (`![Map](map.png)`): text is never a picture, so say where pictures go.
_TEXT_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")


def _handout_images_are_described(module: ModuleView, report: Report, folder: Path) -> Iterator[Diagnostic]:
    for index, activity in enumerate(module.activities):
        for i, image in enumerate(activity.images):
            if not image.alt and not image.decorative:
                at: FieldPath = ("activities", index, "images", i)
                yield report(
                    at,
                    f"{field_path(at)}: the picture {quote(image.path)} has no alt text; say what it shows in "
                    "`alt`, or set `decorative: true` if it only decorates the page",
                    "check.image-alt",
                    Severity.ERROR,
                )
        for name in ("handout", "facilitator_notes"):
            text = getattr(activity, name)
            written = _TEXT_IMAGE.search(text) if text else None
            if written:
                at = ("activities", index, name)
                yield report(
                    at,
                    f"{field_path(at)}: {quote(written.group(0))} would be printed as text; "
                    "put the picture in the activity's `images` (path, alt) instead",
                    "check.text-image",
                    Severity.WARNING,
                )


def _one_figure_a_slide(module: ModuleView, report: Report, folder: Path) -> Iterator[Diagnostic]:
    for index, activity in enumerate(module.activities):
        for s_index, slide in enumerate(activity.slides):
            shown = [name for name in ("image", "chart", "diagram") if getattr(slide, name) is not None]
            if len(shown) > 1:
                path = ("activities", index, "slides", s_index, shown[1])
                yield report(
                    path,
                    f"{field_path(path)}: the slide already has {' and '.join(shown[:-1])}; a slide shows one "
                    "picture, chart or diagram: give it a slide of its own",
                    "check.slide-figure",
                    Severity.ERROR,
                )


def _charts_are_readable(module: ModuleView, report: Report, folder: Path) -> Iterator[Diagnostic]:
    sources = module.source_by_id()
    for index, activity in enumerate(module.activities):
        for s_index, slide in enumerate(activity.slides):
            chart = slide.chart
            if chart is None:
                continue
            base: FieldPath = ("activities", index, "slides", s_index, "chart")
            yield from _chart_problems(chart, base, report)
            if chart.source not in sources:
                path = (*base, "source")
                yield report(
                    path,
                    f'{field_path(path)}: no source has the id "{chart.source}"; known ids: {", ".join(sources)}',
                    "check.source-ref",
                    Severity.ERROR,
                )


def _chart_problems(chart: Chart, base: FieldPath, report: Report) -> Iterator[Diagnostic]:
    """Yield the errors of one chart: too many categories, series that do not match them, a pie it cannot draw."""
    count = len(chart.categories)
    pie = chart.kind == "pie"
    most = PIE_SLICES_MAX if pie else CHART_CATEGORIES_MAX
    if count > most:
        path = (*base, "categories")
        what = "slices" if pie else "categories"
        yield report(
            path,
            f"{field_path(path)}: the chart has {count} {what}; at most {most} can be read on a slide: "
            "group the smallest, or put the figures in a handout table",
            "check.chart-categories",
            Severity.ERROR,
        )
    if pie and len(chart.series) > 1:
        path = (*base, "series", 1)
        yield report(
            path,
            f"{field_path(path)}: a pie shows one series, this chart has {len(chart.series)}; "
            "use a column chart to compare them",
            "check.chart-pie",
            Severity.ERROR,
        )
    for number, series in enumerate(chart.series):
        path = (*base, "series", number, "values")
        if len(series.values) != count:
            yield report(
                path,
                f"{field_path(path)}: series {quote(series.name)} has {len(series.values)} values but the chart "
                f"has {count} categories; give one value per category, in the same order",
                "check.chart-series",
                Severity.ERROR,
            )
        negative = [value for value in series.values if value < 0]
        if pie and negative:
            yield report(
                path,
                f"{field_path(path)}: a pie cannot show a negative share ({negative[0]:g}); use a column or bar chart",
                "check.chart-pie",
                Severity.ERROR,
            )


def _diagrams_are_readable(module: ModuleView, report: Report, folder: Path) -> Iterator[Diagnostic]:
    sources = module.source_by_id()
    for index, activity in enumerate(module.activities):
        for s_index, slide in enumerate(activity.slides):
            diagram = slide.diagram
            if diagram is None:
                continue
            base: FieldPath = ("activities", index, "slides", s_index, "diagram")
            kind = str(getattr(diagram.kind, "value", diagram.kind))
            fewest, most = DIAGRAM_ITEMS_MIN[kind], DIAGRAM_ITEMS_MAX[kind]
            if not fewest <= len(diagram.items) <= most:
                path = (*base, "items")
                needs = f"exactly {most}" if fewest == most else f"{fewest} to {most}"
                yield report(
                    path,
                    f"{field_path(path)}: a {kind} diagram has {needs} items, this one {len(diagram.items)}",
                    "check.diagram-items",
                    Severity.ERROR,
                )
            if diagram.source is not None and diagram.source not in sources:
                path = (*base, "source")
                yield report(
                    path,
                    f'{field_path(path)}: no source has the id "{diagram.source}"; known ids: {", ".join(sources)}',
                    "check.source-ref",
                    Severity.ERROR,
                )
            if kind == "timeline":
                yield from _dates_in_order(diagram, base, report)


def _dates_in_order(diagram: Diagram, base: FieldPath, report: Report) -> Iterator[Diagnostic]:
    """Yield an error for each timeline event without a date, and for each dated before the event above it."""
    previous: str | None = None
    for number, item in enumerate(diagram.items):
        path = (*base, "items", number, "date")
        if item.date is None:
            yield report(
                path,
                f"{field_path(path)}: a timeline event needs a date (1980, 1980-05 or 1980-05-17)",
                "check.diagram-date",
                Severity.ERROR,
            )
            continue
        if not _is_date(item.date):
            yield report(
                path,
                f"{field_path(path)}: {item.date} is not a date; write 1980, 1980-05 or 1980-05-17",
                "check.diagram-date",
                Severity.ERROR,
            )
            continue
        if previous is not None and item.date < previous:  # ISO dates sort as text; "1980" before "1980-05"
            yield report(
                path,
                f"{field_path(path)}: {item.date} comes after {previous} in the list; put the events in date order",
                "check.diagram-order",
                Severity.ERROR,
            )
        previous = item.date


def _is_date(value: str) -> bool:
    """Return True when an ISO year, year-month or date names a real day or month (no 2003-02-30)."""
    parts = [int(part) for part in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _bullets_are_short(module: ModuleView, report: Report, folder: Path) -> Iterator[Diagnostic]:
    for index, activity in enumerate(module.activities):
        for s_index, slide in enumerate(activity.slides):
            for b_index, bullet in enumerate(slide.bullets):
                if len(bullet) > BULLET_WARNING_CHARS:
                    path = ("activities", index, "slides", s_index, "bullets", b_index)
                    yield report(
                        path,
                        f"{field_path(path)}: the bullet is {len(bullet)} characters, well past the "
                        f"{BULLET_RECOMMENDED_CHARS} or so a slide bullet should have; shorten it and {BULLET_ADVICE}",
                        "check.bullet-length",
                        Severity.WARNING,
                    )


def _objectives_are_few(module: ModuleView, report: Report, folder: Path) -> Iterator[Diagnostic]:
    fewest, most = OBJECTIVES_RECOMMENDED
    count = len(module.learning_objectives)
    if count < fewest:
        advice = f"add {fewest - count} more, each starting with a verb"
    elif count > most:
        advice = f"merge or drop {count - most}; a session rarely achieves more"
    else:
        return
    yield report(
        ("learning_objectives",),
        f"learning_objectives: the module has {count}; {fewest}–{most} are recommended: {advice}",
        "check.objectives",
        Severity.WARNING,
    )


def _sources_are_original(module: ModuleView, report: Report, folder: Path) -> Iterator[Diagnostic]:
    for index, source in enumerate(module.sources):
        found = weak_site(source.url) if source.url else None
        if found is None:
            continue
        host, site = found
        path = ("sources", index, "url")
        yield report(
            path,
            f'{field_path(path)}: "{host}" is {site.name}, {site.why}; cite {site.instead} '
            "(docs/quality.md#weak-sources)",
            "check.source-weak",
            Severity.WARNING,
        )


def _breaks_are_planned(module: ModuleView, report: Report, folder: Path) -> Iterator[Diagnostic]:
    activities = module.activities
    first = 0
    for index, activity in enumerate(activities):
        if activity.break_after is None and index < len(activities) - 1:
            continue  # the stretch runs on into the next activity
        stretch = activities[first : index + 1]
        minutes = sum(a.minutes for a in stretch)
        if minutes > LONGEST_WITHOUT_BREAK:
            path = ("activities", first)
            if len(stretch) == 1:
                advice = f"split it into two activities with `break_after: {BREAK_SUGGESTED}` on the first"
                what = f'the activity "{stretch[0].id}" runs {minutes} minutes'
            else:
                middle = activities[first + _most_even_split([a.minutes for a in stretch])]
                advice = f'add `break_after: {BREAK_SUGGESTED}` to an activity near the middle, such as "{middle.id}"'
                what = f'the activities from "{stretch[0].id}" to "{stretch[-1].id}" run {minutes} minutes'
            yield report(
                path,
                f"{field_path(path)}: {what} without a break, longer than {LONGEST_WITHOUT_BREAK}; {advice}",
                "check.no-break",
                Severity.WARNING,
            )
        first = index + 1


def _most_even_split(minutes: list[int]) -> int:
    """Return the index of the activity after which a break leaves the two parts closest in length (not the last)."""
    total, elapsed = sum(minutes), 0
    best, best_longer = 0, total
    for index, length in enumerate(minutes[:-1]):
        elapsed += length
        longer = max(elapsed, total - elapsed)
        if longer < best_longer:
            best, best_longer = index, longer
    return best
