"""Charts and diagrams in a module: what is accepted, and bad figures refused at their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.module.loader import load, load_module

CHARTS = Path(__file__).parents[1] / "fixtures" / "charts.yaml"


def _errors(text: str, write_module, plain: bool = False) -> list[tuple[str, int | None, str]]:
    path = write_module(text)
    result = load(path) if plain else load_module(path)
    assert result.module is None, "a malformed figure must stop the module"
    return [(d.code, d.position.line if d.position else None, d.message) for d in result.diagnostics]


def _line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_fixture_validates_with_charts_and_diagrams():
    result = load_module(CHARTS)
    assert result.diagnostics == []
    slides = result.module.activities[0].slides
    assert slides[0].chart.kind.value == "column"
    assert slides[0].chart.series[0].values == [2.0, 17.0]
    assert slides[2].diagram.items[0].date == "2003"  # a year YAML reads as a number stays a date


@pytest.mark.parametrize("plain", [False, True])
def test_series_longer_than_categories_is_placed(write_module, plain):
    text = CHARTS.read_text().replace("values: [2, 17]", "values: [2, 17, 30]")
    errors = _errors(text, write_module, plain)
    assert ("check.chart-series", _line_of(text, "values: [2, 17, 30]")) in [e[:2] for e in errors]
    message = next(e[2] for e in errors if e[0] == "check.chart-series")
    assert "3 values" in message and "2 categories" in message


def test_negative_value_in_a_pie_is_refused(write_module):
    text = CHARTS.read_text().replace("values: [54, 37, 9]", "values: [54, -37, 9]")
    errors = _errors(text, write_module)
    assert ("check.chart-pie", _line_of(text, "values: [54, -37, 9]")) in [e[:2] for e in errors]


def test_dates_out_of_order_are_placed(write_module):
    text = CHARTS.read_text().replace("{date: 2008, label: Gender unit", "{date: 2001, label: Gender unit")
    errors = _errors(text, write_module)
    assert [e[:2] for e in errors] == [("check.diagram-order", _line_of(text, "date: 2001"))]
    assert "2001 comes after 2005" in errors[0][2]


def test_timeline_event_without_a_date(write_module):
    text = CHARTS.read_text().replace("{date: 2010, label: Recruitment drive}", "{label: Recruitment drive}")
    errors = _errors(text, write_module)
    assert [e[:2] for e in errors] == [("check.diagram-date", _line_of(text, "{label: Recruitment drive}"))]


def test_too_many_categories_to_read(write_module):
    categories = ", ".join(f'"{year}"' for year in range(2000, 2013))
    values = ", ".join("1" for _ in range(13))
    text = CHARTS.read_text().replace('categories: ["2006", "2016"]', f"categories: [{categories}]")
    text = text.replace("values: [2, 17]", f"values: [{values}]")
    errors = _errors(text, write_module)
    assert ("check.chart-categories", _line_of(text, 'categories: ["2000"')) in [e[:2] for e in errors]
    assert "at most 12" in next(e[2] for e in errors if e[0] == "check.chart-categories")


def test_a_chart_must_cite_a_known_source(write_module):
    text = CHARTS.read_text().replace(
        "          source: S1\n          note: Share", "          source: S9\n          note: Share", 1
    )
    errors = _errors(text, write_module)
    assert [e[:2] for e in errors] == [("check.source-ref", _line_of(text, "source: S9"))]


def test_unknown_chart_kind_is_a_placed_schema_error(write_module):
    text = CHARTS.read_text().replace("kind: column\n", "kind: donut\n")
    errors = _errors(text, write_module)
    assert errors[0][1] == _line_of(text, "kind: donut")


def test_a_matrix_has_four_quadrants(write_module):
    text = (
        CHARTS.read_text().replace("kind: cycle", "kind: matrix").replace("            - {label: Act and review}\n", "")
    )
    errors = _errors(text, write_module)
    assert [e[0] for e in errors] == ["check.diagram-items"]
    assert "exactly 4" in errors[0][2]


def test_one_figure_a_slide(write_module):
    text = CHARTS.read_text().replace(
        "      - title: How an assessment runs\n",
        "      - title: How an assessment runs\n        image: {path: x.png, alt: A picture}\n",
    )
    errors = _errors(text, write_module)
    assert "check.slide-figure" in [e[0] for e in errors]


def test_a_date_that_is_no_day_is_refused(write_module):
    text = CHARTS.read_text().replace("{date: 2019, label: Review published}", '{date: "2019-02-30", label: Review}')
    errors = _errors(text, write_module)
    assert [e[:2] for e in errors] == [("check.diagram-date", _line_of(text, "2019-02-30"))]


def test_the_json_schema_accepts_figures_as_the_yaml_reader_gives_them(write_module):
    import jsonschema

    from toolkit.module.schema_export import module_schema
    from toolkit.module.yamlsafe import load_yaml_file

    text = CHARTS.read_text().replace("values: [2, 17]", "values: [2, 17.5]")
    data = load_yaml_file(write_module(text), "module.yaml").data
    assert data["activities"][0]["slides"][0]["chart"]["series"][0]["values"] == [2, "17.5"]  # 17.5 stays text
    jsonschema.validate(data, module_schema())  # years as numbers, figures as numbers or numeric text
    data["activities"][0]["slides"][0]["chart"]["series"][0]["values"] = ["many"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, module_schema())
