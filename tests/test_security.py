"""Guarantees about untrusted input that hold for the whole code base."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.core.diagnostics import Diagnostic, Position, Severity, quote
from toolkit.module import yamlsafe
from toolkit.module.loader import load_module

PROJECT = Path(__file__).parent.parent
CODE = sorted((PROJECT / "toolkit").rglob("*.py"))


def source_lines(pattern: str) -> list[str]:
    found = []
    for path in CODE:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line) and not line.lstrip().startswith("#"):
                found.append(f"{path.relative_to(PROJECT)}:{number}: {line.strip()}")
    return found


def test_no_yaml_loader_that_builds_objects():
    # Only the event parser (yaml.parse) is used; loaders construct Python objects from tags.
    assert (
        source_lines(r"yaml\.(load|unsafe_load|full_load|load_all|compose|safe_load)\b|FullLoader|UnsafeLoader") == []
    )
    assert source_lines(r"Loader=yaml\.(Loader|FullLoader|UnsafeLoader)\b") == []


def test_module_data_is_never_template_source():
    # Templates come from files; nothing builds a template from a string at run time.
    assert source_lines(r"from_string\(|jinja2\.Template\(|from jinja2 import .*\bTemplate\b") == []
    assert source_lines(r"\bEnvironment\(") == [], "only the SandboxedEnvironment is used"


def test_jinja2_has_no_known_sandbox_escape():
    # 3.1.5 and 3.1.6 fixed the last published sandbox escapes (CVE-2024-56201, CVE-2024-56326, CVE-2025-27516).
    major, minor, patch = (int(part) for part in version("jinja2").split(".")[:3])
    assert (major, minor, patch) >= (3, 1, 6)


def test_quoted_input_cannot_drive_the_terminal():
    shown = quote("evil\x1b[2J\u202eTXT.exe" + "x" * 200)
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "\\x1b" in shown and "\\u202e" in shown
    assert len(shown) < 80


def test_file_names_in_messages_are_escaped_too():
    diagnostic = Diagnostic("bad\x1b[31mname.yaml", Position(1, 1), Severity.ERROR, "message", "code")
    assert "\x1b" not in diagnostic.format()


def test_unknown_key_with_escape_codes_is_quoted(write_module, minimal_text):
    path = write_module(minimal_text.replace("summary:", '"sum\\e[31mmary": x\nsummary:'))
    message = load_module(path).diagnostics[0].message
    assert "\x1b" not in message and "\\x1b" in message


@pytest.mark.parametrize(
    ("make", "accepted"),
    [
        (lambda: "a: " + "x" * yamlsafe.MAX_SCALAR_CHARS, True),
        (lambda: "a: " + "x" * (yamlsafe.MAX_SCALAR_CHARS + 1), False),
        (lambda: "[" + ", ".join(["1"] * (yamlsafe.MAX_NODES - 1)) + "]", True),
        (lambda: "[" + ", ".join(["1"] * yamlsafe.MAX_NODES) + "]", False),
    ],
)
def test_limits_hold_at_the_limit_and_fail_one_past_it(make, accepted):
    import time

    started = time.perf_counter()
    try:
        yamlsafe.parse_yaml(make(), "t")
        outcome = True
    except yamlsafe.DiagnosticsError:
        outcome = False
    assert outcome is accepted
    assert time.perf_counter() - started < 5  # a limit fails fast, not after the work is done


def test_file_size_at_the_limit_is_read(write_module):
    path = write_module(b"a: " + b"x" * (yamlsafe.MAX_FILE_BYTES - 4) + b"\n")
    assert path.stat().st_size == yamlsafe.MAX_FILE_BYTES
    codes = [d.code for d in load_module(path).diagnostics]
    assert "limit.file-size" not in codes


@pytest.mark.parametrize("bad_id", ["../escape", "a/b", "CON", "con", "Module", "ﬁle", "nul"])
def test_ids_cannot_name_files_outside_out_or_device_names(write_module, minimal_text, bad_id):
    result = load_module(write_module(minimal_text.replace("id: minimal", f'id: "{bad_id}"')))
    assert result.module is None
    assert {d.code for d in result.diagnostics} <= {"schema.string_pattern_mismatch", "check.reserved-id"}


def test_two_modules_with_one_output_folder_are_refused(tmp_path, minimal_text):
    from toolkit.build.pipeline import BuildOptions, build_modules

    (tmp_path / "a.yaml").write_text(minimal_text)
    (tmp_path / "b.yaml").write_text(minimal_text)
    report = build_modules(
        [load_module(tmp_path / "a.yaml"), load_module(tmp_path / "b.yaml")], BuildOptions(out=tmp_path)
    )
    # Both are refused: which one is meant cannot be known, and neither overwrites the other.
    assert [d.code for d in report.diagnostics] == ["build.duplicate-output"] * 2
    assert sorted(report.not_built) == [tmp_path / "a.yaml", tmp_path / "b.yaml"]
    assert report.written == []


_TEXT_FIELDS = [
    ("title",),
    ("summary",),
    ("learning_objectives", 0),
    ("key_messages", 0),
    ("activities", 0, "slides", 0, "title"),
    ("activities", 0, "slides", 0, "bullets", 0),
    ("activities", 0, "slides", 0, "notes"),
    ("activities", 1, "questions", 0, "text"),
    ("activities", 1, "questions", 0, "guidance", 0),
    ("sources", 0, "title"),
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(_TEXT_FIELDS), text=st.text(min_size=1, max_size=60))
def test_random_unicode_in_a_text_field_builds_or_is_rejected_cleanly(tmp_path, minimal_text, field, text):
    import yaml

    from toolkit.build.pipeline import BuildOptions, render_module

    data = yamlsafe.parse_yaml(minimal_text, "m").data
    holder = data
    for part in field[:-1]:
        holder = holder[part]
    holder[field[-1]] = text
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8", errors="surrogatepass")
    result = load_module(path)
    if result.module is None:
        assert result.diagnostics  # rejected, with a reason
        return
    files = render_module(result.module, BuildOptions(out=tmp_path / "out", formats=("slides", "handout", "guide")))
    assert len(files) == 3 and all(f.data[:2] == b"PK" for f in files)
