"""Guarantees about untrusted input that hold for the whole code base."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest

from toolkit import yamlsafe
from toolkit.diagnostics import Diagnostic, Position, Severity, quote
from toolkit.loader import load_module

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
