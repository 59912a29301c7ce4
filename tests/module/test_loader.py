"""The loader turns module files into typed modules or exact, placed diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.core.diagnostics import Severity
from toolkit.module.loader import load_module
from toolkit.module.model import Module
from toolkit.module.plain_validator import keep
from toolkit.module.results import LoadResult


def messages(path: Path) -> list[str]:
    return [d.format() for d in load_module(path).diagnostics]


def test_minimal_module_loads_into_typed_model(write_module, minimal_text):
    result = load_module(write_module(minimal_text))
    assert result.ok
    module = result.module
    assert module.id == "minimal"
    assert module.activities[1].questions[0].guidance == ["Links to daily work"]
    assert module.duration == 30


def test_model_is_immutable(write_module, minimal_text):
    module = load_module(write_module(minimal_text)).module
    with pytest.raises(Exception, match="frozen"):
        module.title = "changed"


def test_positions_point_at_source_lines(write_module, minimal_text):
    module = load_module(write_module(minimal_text)).module
    position = module.position(("activities", 1, "minutes"))
    assert (position.line, position.column) == (24, 14)


def test_wrong_value_reported_at_its_line_and_column(write_module, minimal_text):
    path = write_module(minimal_text.replace("minutes: 20", "minutes: twenty"))
    assert messages(path) == [
        'module.yaml:24:14: error: activities[1].minutes: expected a whole number, got "twenty" [schema.int_parsing]'
    ]


def test_all_errors_of_a_file_reported_at_once(write_module, minimal_text):
    text = minimal_text.replace("minutes: 20", "minutes: 1:30").replace("method: plenary", "method: plenery")
    text = text.replace("year: 2008", "year: 2008\n    pubisher: x")
    found = messages(write_module(text))
    assert found == [
        'module.yaml:24:14: error: activities[1].minutes: expected a whole number, got "1:30"; '
        "write minutes as a whole number, such as 90 for 1:30 [schema.int_parsing]",
        "module.yaml:25:13: error: activities[1].method: expected one of 'presentation', 'plenary', 'small-groups', "
        "'case-study', 'role-play', 'buzz-pairs', 'reflection', 'quiz', 'debate' or 'simulation', got \"plenery\"; "
        "did you mean `plenary`? [schema.enum]",
        'module.yaml:34:5: error: sources[0].pubisher: unknown field "pubisher"; did you mean `publisher`? '
        "[schema.extra_forbidden]",
    ]


def test_missing_field_reported_at_its_parent(write_module, minimal_text):
    found = messages(write_module(minimal_text.replace("    minutes: 10\n", "")))
    assert found == [
        "module.yaml:14:5: error: activities[0].minutes: required field is missing; add `minutes:` [schema.missing]"
    ]


def test_yaml_11_values_are_not_silently_converted(write_module, minimal_text):
    text = minimal_text.replace("title: Short talk", "title: no").replace("minutes: 10", "minutes: 0x0A")
    result = load_module(write_module(text))
    assert [d.message for d in result.diagnostics] == ['activities[0].minutes: expected a whole number, got "0x0A"']


def test_plain_no_stays_text(write_module, minimal_text):
    module = load_module(write_module(minimal_text.replace("title: Short talk", "title: no"))).module
    assert module.activities[0].title == "no"


def test_minutes_must_add_up_to_duration(write_module, minimal_text):
    found = messages(write_module(minimal_text.replace("duration: 30", "duration: 45")))
    assert found == [
        "module.yaml:5:11: error: duration: the activities add up to 30 minutes (10 + 20), but duration "
        "says 45; make them agree [check.minutes]"
    ]


def test_unknown_theme_lists_known_ones(write_module, minimal_text):
    found = messages(write_module(minimal_text.replace("[police-reform]", "[police-reform, policing]")))
    assert len(found) == 1
    assert found[0].startswith(
        'module.yaml:7:25: error: themes[1]: unknown theme "policing"; expected one of: police-reform, defence-reform'
    )


def test_question_without_guidance_is_a_warning(write_module, minimal_text):
    result = load_module(write_module(minimal_text.replace("        guidance: [Links to daily work]\n", "")))
    assert result.ok
    assert [(d.severity, d.code) for d in result.diagnostics] == [(Severity.WARNING, "check.guidance")]


@pytest.fixture(params=[False, True], ids=["model", "plain"])
def load(request):
    """Load with the full model, or with the plain validator on the kept schema: the verdict must be the same."""
    if request.param:
        keep(Module)

    def loaded(path: Path) -> LoadResult:
        return load_module(path, plain=request.param)

    loaded.kind = "ModuleRecord" if request.param else "Module"  # type: ignore[attr-defined]
    return loaded


def test_a_bullet_over_the_limit_gives_its_length_and_where_the_detail_goes(write_module, minimal_text, load):
    text = minimal_text.replace("Second point]", "  " + "x" * 612 + "  ]")
    assert [d.format() for d in load(write_module(text)).diagnostics] == [
        "module.yaml:20:34: error: activities[0].slides[0].bullets[1]: the bullet is 612 characters, over the limit "
        "of 500; move the detail to the speaker notes or the handout [schema.string_too_long]"
    ]


def test_another_text_over_the_limit_gives_its_length(write_module, minimal_text, load):
    text = minimal_text.replace("title: Short talk", "title: " + "x" * 501)
    assert [d.format() for d in load(write_module(text)).diagnostics] == [
        "module.yaml:15:12: error: activities[0].title: the text is 501 characters, over the limit of 500; "
        "shorten it [schema.string_too_long]"
    ]


def test_a_bullet_well_past_the_recommended_length_is_a_warning(write_module, minimal_text, load):
    text = minimal_text.replace("Second point]", "x" * 101 + "]")
    result = load(write_module(text))
    assert result.ok
    assert type(result.module).__name__ == load.kind  # the plain path really ran
    assert [d.format() for d in result.diagnostics if d.code == "check.bullet-length"] == [
        "module.yaml:20:32: warning: activities[0].slides[0].bullets[1]: the bullet is 101 characters, well past "
        "the 70 or so a slide bullet should have; shorten it and move the detail to the speaker notes or the "
        "handout [check.bullet-length]"
    ]
    at_the_threshold = load(write_module(minimal_text.replace("Second point]", "x" * 100 + "]")))
    assert "check.bullet-length" not in [d.code for d in at_the_threshold.diagnostics]


OBJECTIVES = "  [Explain one thing., Name a second thing., Apply both at work.]\n"


@pytest.mark.parametrize(
    ("objectives", "expected"),
    [
        (
            "  [Explain one thing., Name a second thing.]\n",
            "the module has 2; 3–5 are recommended: add 1 more, each starting with a verb",
        ),
        (
            "  [One., Two., Three., Four., Five., Six.]\n",
            "the module has 6; 3–5 are recommended: merge or drop 1; a session rarely achieves more",
        ),
    ],
)
def test_learning_objectives_outside_3_to_5_are_a_warning(write_module, minimal_text, load, objectives, expected):
    text = minimal_text.replace(OBJECTIVES, objectives)
    assert text != minimal_text
    result = load(write_module(text))
    assert result.ok
    assert [d.format() for d in result.diagnostics] == [
        f"module.yaml:10:3: warning: learning_objectives: {expected} [check.objectives]"
    ]
    assert CliRunner().invoke(main, ["validate", "--strict", "module.yaml"]).exit_code == 1


def test_duplicate_activity_ids(write_module, minimal_text):
    found = messages(write_module(minimal_text.replace("id: discuss", "id: talk")))
    assert found == [
        'module.yaml:22:9: error: activities[1].id: "talk" is already the id of activities[0]; '
        "ids must be unique [check.duplicate-id]"
    ]


def test_example_must_cite_a_known_source(write_module, minimal_text):
    text = minimal_text.replace(
        "sources:\n  - id: S1",
        "examples:\n  - title: T\n    country: C\n    what: W\n    outcome: O\n    sources: [S9]\nsources:\n  - id: S1",
    )
    found = messages(write_module(text))
    assert found == [
        'module.yaml:34:15: error: examples[0].sources[0]: no source has the id "S9"; known ids: S1 [check.source-ref]'
    ]


@pytest.mark.parametrize(
    ("image_path", "expected"),
    [
        ("../secret.png", "the path may not leave the module's folder (`..`)"),
        ("/etc/passwd", "an absolute path is not allowed; give a path relative to the module's folder"),
        ("~/x.png", "an absolute path is not allowed; give a path relative to the module's folder"),
        ("C:/x.png", "an absolute path is not allowed; give a path relative to the module's folder"),
        ("https://example.org/x.png", "a web address is not allowed; download the file into the module's folder"),
        ("missing.png", "file not found: missing.png"),
    ],
)
def test_image_paths_stay_inside_the_module_folder(write_module, minimal_text, image_path, expected):
    text = minimal_text.replace(
        "notes: Say", f'image:\n          path: "{image_path}"\n          alt: A chart\n        notes: Say'
    )
    found = load_module(write_module(text)).diagnostics
    assert len(found) == 1
    assert found[0].code == "check.image-path"
    assert found[0].message.startswith(f"activities[0].slides[0].image.path: {expected}")


def test_symlinked_image_leaving_the_folder_is_refused(tmp_path, write_module, minimal_text):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.png"
    outside.write_bytes(b"x")
    (tmp_path / "pic.png").symlink_to(outside)
    text = minimal_text.replace(
        "notes: Say", "image:\n          path: pic.png\n          alt: A chart\n        notes: Say"
    )
    found = load_module(write_module(text)).diagnostics
    assert [d.message for d in found] == [
        "activities[0].slides[0].image.path: the path leads outside the module's folder through a link"
    ]


def test_top_level_list_is_a_clear_error(write_module):
    assert messages(write_module("- a\n- b\n")) == [
        "module.yaml:1:1: error: a module is a mapping of fields (`id: …`, `title: …`), but the file holds a list "
        "[yaml.top-level]"
    ]


def test_scalar_at_top_level_is_a_clear_error(write_module):
    assert messages(write_module("just text\n"))[0].endswith("but the file holds a single value [yaml.top-level]")


def _module_with_image(minimal_text: str, name: str) -> str:
    return minimal_text.replace(
        "notes: Say", f"image:\n          path: {name}\n          alt: A chart\n        notes: Say"
    )


def test_valid_image_is_accepted(tmp_path, write_module, minimal_text):
    from PIL import Image

    Image.new("RGB", (40, 20), "white").save(tmp_path / "chart.png")
    assert load_module(write_module(_module_with_image(minimal_text, "chart.png"))).ok


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"not an image at all", "not an image file that can be read (PNG, JPEG or GIF)"),
        ("truncated", "the image is damaged or truncated"),
        ("huge", "the image declares more pixels than the limit of 40,000,000"),
    ],
)
def test_bad_images_are_refused_at_validate_time(tmp_path, write_module, minimal_text, content, expected):
    import io
    import struct
    import zlib

    from PIL import Image

    path = tmp_path / "chart.png"
    if content == "truncated":
        buffer = io.BytesIO()
        Image.new("RGB", (200, 200), "white").save(buffer, "PNG")
        path.write_bytes(buffer.getvalue()[:-30])
    elif content == "huge":
        # A well-formed PNG declaring 60000×60000 pixels, under a hundred bytes long.
        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        header = struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)
        data = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + data)
    else:
        path.write_bytes(content)
    found = load_module(write_module(_module_with_image(minimal_text, "chart.png"))).diagnostics
    assert [d.code for d in found] == ["check.image-path"]
    assert found[0].message.startswith(f"activities[0].slides[0].image.path: {expected}")
