"""Charts and diagrams of a module as document-tree nodes, with alt text and their figures written out.

A template places a slide's chart or diagram with a `::: figure A S` container (activity A,
slide S, both counted from 1); the Markdown reader asks `FigureSource` for the node. The
figures themselves never pass through the Markdown: they come from the validated module,
so a template cannot change a number, and the node knows the line it came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, Severity
from toolkit.core.i18n import N_, translations
from toolkit.render.doctree import (
    Chart,
    ChartSeries,
    Diagram,
    DiagramItem,
    Figure,
    Inlines,
    Origin,
    Slide,
    Span,
    Table,
    figure_blocks,
)

if TYPE_CHECKING:  # a module as every stage reads it: a Module or a cached record of one
    from toolkit.module.snapshot import ModuleView

CHART_NAMES = {
    "column": N_("Column chart"),
    "column-stacked": N_("Stacked column chart"),
    "bar": N_("Bar chart"),
    "bar-stacked": N_("Stacked bar chart"),
    "line": N_("Line chart"),
    "pie": N_("Pie chart"),
}
DIAGRAM_NAMES = {
    "timeline": N_("Timeline"),
    "process": N_("Process"),
    "cycle": N_("Cycle"),
    "matrix": N_("Two-by-two matrix"),
    "comparison": N_("Comparison"),
}


class FigureSource:
    """Give the Markdown reader the chart or diagram a `::: figure A S` container names, in the module's language."""

    def __init__(self, module: ModuleView, template: str):
        self.module = module
        self.template = template
        self.gettext = translations(module.language).gettext

    def __call__(self, params: Sequence[str]) -> Figure:
        """Return the figure of slide S of activity A; raise DiagnosticsError naming the template when there is none."""
        slide, path = self._slide(params)
        origin = Origin(self.module.file, self.module.position(path))
        if slide.chart is not None:
            return self.chart(slide.chart, replace(origin, position=self.module.position((*path, "chart"))))
        return self.diagram(slide.diagram, replace(origin, position=self.module.position((*path, "diagram"))))

    def _slide(self, params: Sequence[str]) -> tuple[Any, tuple[str | int, ...]]:
        numbers = [int(param) for param in params if param.isdigit()]
        if len(numbers) == 2 and 1 <= numbers[0] <= len(self.module.activities):
            slides = self.module.activities[numbers[0] - 1].slides
            if 1 <= numbers[1] <= len(slides):
                slide = slides[numbers[1] - 1]
                if slide.chart is not None or slide.diagram is not None:
                    return slide, ("activities", numbers[0] - 1, "slides", numbers[1] - 1)
        message = (
            f"template {self.template} places `::: figure {' '.join(params)}`, but module {self.module.id} has no "
            "chart or diagram there; write `::: figure A S` for slide S of activity A (both from 1)"
        )
        raise DiagnosticsError([Diagnostic(self.template, None, Severity.ERROR, message, "template.figure")])

    def chart(self, chart: Any, origin: Origin) -> Chart:
        """Return a module chart as a node: the author's alt text or one written from the figures."""
        _ = self.gettext
        kind = str(getattr(chart.kind, "value", chart.kind))
        series = tuple(ChartSeries(s.name, tuple(float(v) for v in s.values)) for s in chart.series)
        unit = chart.unit or ""
        source = self._source(chart.source)
        credit = " ".join(
            part
            for part in (
                _("Source: %(source)s.") % {"source": source} if source else "",
                _("Note: %(note)s") % {"note": chart.note} if chart.note else "",
            )
            if part
        )
        names = [f"{s.name} ({unit})" if unit else s.name for s in series]
        header: tuple[Inlines, ...] = tuple((Span(text),) for text in ["", *names])
        rows = tuple(
            ((Span(category),), *((Span(self.number(s.values[i])),) for s in series))
            for i, category in enumerate(chart.categories)
        )
        return Chart(
            kind=kind,
            title=chart.title,
            categories=tuple(chart.categories),
            series=series,
            unit=unit,
            alt=chart.alt or self._chart_alt(kind, chart.title, chart.categories, series, unit, source),
            caption=_("Figures behind this chart: %(title)s") % {"title": chart.title},
            table=Table(header, rows),
            credit=credit,
            origin=origin,
        )

    def diagram(self, diagram: Any, origin: Origin) -> Diagram:
        """Return a module diagram as a node: the author's alt text or one written from its items."""
        _ = self.gettext
        kind = str(getattr(diagram.kind, "value", diagram.kind))
        items = tuple(DiagramItem(item.label, item.text or "", self.date(item.date)) for item in diagram.items)
        source = self._source(diagram.source) if diagram.source else ""
        dated = kind == "timeline"
        detailed = any(item.text for item in items)
        columns = [_("Date")] * dated + [_("Entry")] + [_("Detail")] * detailed

        def cells(item: DiagramItem) -> tuple[Inlines, ...]:
            return tuple((Span(text),) for text in [item.date] * dated + [item.label] + [item.text] * detailed)

        header = tuple((Span(column),) for column in columns)
        rows = tuple(cells(item) for item in items)
        listing = "; ".join(f"{item.date} {item.label}" if dated else item.label for item in items)
        alt = _("%(kind)s: %(title)s.") % {"kind": _(DIAGRAM_NAMES[kind]), "title": diagram.title} + f" {listing}."
        credit = _("Source: %(source)s.") % {"source": source} if source else ""
        return Diagram(
            kind=kind,
            title=diagram.title,
            items=items,
            alt=diagram.alt or " ".join(part for part in (alt, credit) if part),
            caption=_("Figures behind this diagram: %(title)s") % {"title": diagram.title},
            table=Table(header, rows),
            credit=credit,
            origin=origin,
        )

    def _source(self, source_id: str) -> str:
        """Return a source as a reader sees it cited: publisher, title and year."""
        source = self.module.source_by_id().get(source_id)
        if source is None:
            return ""
        year = source.year or self.gettext("n.d.")
        return f"{source.publisher}, {source.title} ({year})"

    def date(self, value: str | None) -> str:
        """Return an ISO date (1980, 1980-05 or 1980-05-17) as the language writes it: 1980, May 1980, 17 May 1980."""
        if not value or len(value) == 4:
            return value or ""
        from datetime import date

        from babel.dates import format_date

        parts = [int(part) for part in value.split("-")]
        try:
            day = date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
        except ValueError:  # `validate` refuses such a date; a hand-made tree shows it as written
            return value
        pattern = "MMM y" if len(parts) == 2 else "d MMM y"
        return str(format_date(day, pattern, locale=self.module.language.replace("-", "_")))

    def number(self, value: float) -> str:
        """Return a figure as the language writes it: 48.8 in English, 48,8 in Spanish."""
        from babel.numbers import format_decimal

        return str(format_decimal(value, format="#,##0.##", locale=self.module.language.replace("-", "_")))

    def _with_unit(self, value: float, unit: str) -> str:
        """Return a figure with its unit: a percentage as the language writes one (17%, 17 %), else "17 deaths"."""
        if unit == "%":
            from babel.numbers import format_percent

            locale = self.module.language.replace("-", "_")
            return str(format_percent(value / 100, format=percent_pattern(locale), locale=locale))
        shown = self.number(value)
        return f"{shown} {unit}" if unit else shown

    def _chart_alt(
        self,
        kind: str,
        title: str,
        categories: Sequence[str],
        series: Sequence[ChartSeries],
        unit: str,
        source: str,
    ) -> str:
        """Return alt text written from a chart's figures: its kind and title, what it compares, the highest and
        lowest values, and the source."""
        _ = self.gettext
        points = [(value, s.name, categories[i]) for s in series for i, value in enumerate(s.values)]
        high = max(points, key=lambda point: point[0])
        low = min(points, key=lambda point: point[0])

        def where(point: tuple[float, str, str]) -> str:
            return point[2] if len(series) == 1 else f"{point[1]}, {point[2]}"

        compared = {"series": ", ".join(s.name for s in series), "categories": ", ".join(categories)}
        extremes = {
            "high": self._with_unit(high[0], unit),
            "high_at": where(high),
            "low": self._with_unit(low[0], unit),
            "low_at": where(low),
        }
        parts = [
            _("%(kind)s: %(title)s.") % {"kind": _(CHART_NAMES[kind]), "title": title},
            _("It compares %(series)s across %(categories)s.") % compared,
            _("Highest: %(high)s (%(high_at)s); lowest: %(low)s (%(low_at)s).") % extremes,
        ]
        if source:
            parts.append(_("Source: %(source)s.") % {"source": source})
        return " ".join(parts)


def with_figure_notes(slides: tuple[Slide, ...]) -> tuple[Slide, ...]:
    """Return the slides with each chart's or diagram's figures added to the end of its speaker notes."""
    return tuple(
        replace(slide, notes=(*slide.notes, *figure_blocks(slide.figure))) if slide.figure is not None else slide
        for slide in slides
    )


def percent_pattern(locale: str) -> str:
    """Return the language's percent pattern with up to two decimals: "#,##0.##%" or "#,##0.##\u00a0%"."""
    from babel import Locale

    pattern: str = Locale.parse(locale).percent_formats[None].pattern
    return pattern.replace("#,##0", "#,##0.##", 1) if "#,##0.##" not in pattern else pattern
