"""Untrusted YAML: every shape of bad input is a placed diagnostic, within limits, in well under a second."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from toolkit.module import yamlsafe
from toolkit.module.loader import load_module


def only_message(path: Path) -> str:
    diagnostics = load_module(path).diagnostics
    assert len(diagnostics) >= 1
    return diagnostics[0].format()


@pytest.fixture(params=["libyaml", "pure"])
def parser(request, monkeypatch):
    """Run a test with both PyYAML parsers: the verdict must be the same."""
    if request.param == "pure":
        monkeypatch.setenv("SSR_TOOLKIT_PURE_YAML", "1")
    else:
        monkeypatch.delenv("SSR_TOOLKIT_PURE_YAML", raising=False)
    return request.param


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "module.yaml: error: the file is empty; a module is a YAML mapping of fields [yaml.empty]"),
        (
            "# only a comment\n",
            "module.yaml: error: the file is empty; a module is a YAML mapping of fields [yaml.empty]",
        ),
        (
            "a: &x 1\nb: *x\n",
            "module.yaml:1:4: error: anchors (&name) are not allowed in modules; remove them [yaml.anchor]",
        ),
        (
            "a: *x\n",
            "module.yaml:1:4: error: aliases (*name) are not allowed in modules; write the text out [yaml.alias]",
        ),
        (
            "a: !!python/object:os.system x\n",
            "module.yaml:1:4: error: YAML tags such as "
            '"tag:yaml.org,2002:python/object:os.system" are not allowed in modules; remove the tag [yaml.tag]',
        ),
        (
            "a: !!bool maybe\n",
            'module.yaml:1:4: error: YAML tags such as "tag:yaml.org,2002:bool" are not '
            "allowed in modules; remove the tag [yaml.tag]",
        ),
        (
            'id: a\n"id": b\n',
            'module.yaml:2:1: error: duplicate key "id" (first given at line 1); keep one [yaml.duplicate-key]',
        ),
        (
            "a: 1\n---\nb: 2\n",
            "module.yaml:2:1: error: a module file holds one YAML document; remove the second "
            "`---` and what follows [yaml.multiple-documents]",
        ),
        ("? [a, b]\n: c\n", "module.yaml:1:3: error: a key must be plain text such as `title` [yaml.key]"),
    ],
)
def test_yaml_shapes_give_placed_errors(write_module, parser, content, expected):
    assert only_message(write_module(content)) == expected


def test_syntax_error_is_placed_by_both_parsers(write_module, parser):
    # libyaml and PyYAML word the problem differently; the place and the verdict are the same.
    message = only_message(write_module("a: [1, 2\n"))
    assert message.startswith("module.yaml:2:1: error: invalid YAML: ")
    assert message.endswith("[yaml.syntax]")


def test_an_unquoted_colon_in_a_title_says_to_quote_it(write_module, parser):
    message = only_message(write_module("id: a\nactivities:\n  - id: b\n    title: Step one: listen\n"))
    # The parsers' own words differ ("… here", "… in this context"); the place and the hint do not.
    assert message.startswith("module.yaml:4:20: error: invalid YAML: mapping values are not allowed ")
    assert message.endswith(
        '; a colon followed by a space starts a new field: put the title in quotes, such as title: "Step one: listen"'
        " [yaml.syntax]"
    )


def test_a_colon_in_a_list_item_says_to_quote_the_text(write_module, parser):
    message = only_message(write_module("bullets:\n  - Why it matters: because: we asked\n"))
    assert message.startswith("module.yaml:2:28: error: invalid YAML: mapping values are not allowed ")
    assert message.endswith("; a colon followed by a space starts a new field: put the text in quotes [yaml.syntax]")


def test_a_misindented_key_gets_no_quoting_hint(write_module, parser):
    message = only_message(write_module("title: A case\n  version: 1\n"))
    assert message.startswith("module.yaml:2:10: error: invalid YAML: mapping values are not allowed ")
    assert "quotes" not in message


@pytest.mark.parametrize(
    ("content", "place"),
    [("activities:\n\t- id: a\n", "2:1"), ("a:\n  b: 1\n\tc: 2\n", "3:1"), ("a:\n  \tb: 1\n", "2:3")],
)
def test_a_tab_used_for_indenting_says_to_indent_with_spaces(write_module, parser, content, place):
    message = only_message(write_module(content))
    assert message.startswith(f"module.yaml:{place}: error: invalid YAML: ")
    assert message.endswith("; YAML does not allow tabs for indenting: indent with spaces [yaml.syntax]")


def test_depth_is_limited_before_the_parser_recurses(write_module, parser):
    deep = "[" * 60_000 + "]" * 60_000
    message = only_message(write_module(deep))
    assert (
        message == f"module.yaml:1:{yamlsafe.MAX_DEPTH + 1}: error: nesting is deeper than {yamlsafe.MAX_DEPTH} "
        "levels [limit.depth]"
    )


@pytest.mark.parametrize("parser_limit", [40, 1000])
def test_depth_is_ours_when_the_parser_reads_ahead_and_stops_at_a_limit_of_its_own(monkeypatch, parser_limit):
    """A parser release that reads a whole line ahead and refuses deep nesting itself, before any event."""
    real_parse = yaml.parse

    def eager_parse(text, Loader):
        opened = len(text) - len(text.lstrip("[ a:\n"))
        depth = text[:opened].count("[")
        if depth > parser_limit:
            index = [i for i, char in enumerate(text) if char == "["][parser_limit]
            mark = yaml.Mark("<unicode string>", index, 0, index, text, index)
            raise yaml.MarkedYAMLError(problem="exceeded maximum nesting depth", problem_mark=mark)
        return real_parse(text, Loader=Loader)

    monkeypatch.setattr(yaml, "parse", eager_parse)
    with pytest.raises(yamlsafe.DiagnosticsError) as raised:
        yamlsafe.parse_yaml("a: " + "[" * 5000 + "]" * 5000, "t")
    assert raised.value.diagnostics[0].format() == "t:1:35: error: nesting is deeper than 32 levels [limit.depth]"


def test_a_syntax_error_that_is_not_depth_keeps_the_parsers_words(write_module, parser):
    message = only_message(write_module("a: " + "[" * 10 + "b: c: d\n"))
    assert "[yaml.syntax]" in message


def test_depth_at_the_limit_is_accepted():
    text = "[" * (yamlsafe.MAX_DEPTH - 1) + "x" + "]" * (yamlsafe.MAX_DEPTH - 1)
    assert yamlsafe.parse_yaml(text, "t").data is not None


def test_node_count_is_limited(write_module):
    text = "[" + ", ".join(["1"] * (yamlsafe.MAX_NODES + 1)) + "]"
    assert only_message(write_module(text)).endswith(f"more than {yamlsafe.MAX_NODES:,} YAML nodes [limit.nodes]")


def test_long_text_is_limited(write_module):
    text = "a: " + "x" * (yamlsafe.MAX_SCALAR_CHARS + 1)
    assert only_message(write_module(text)).endswith("a text is longer than 50,000 characters [limit.text]")


def test_file_size_is_checked_before_reading(write_module):
    path = write_module(b"a: " + b"x" * yamlsafe.MAX_FILE_BYTES)
    assert (
        only_message(path) == f"module.yaml: error: the file is {yamlsafe.MAX_FILE_BYTES + 3:,} bytes; the limit "
        f"is {yamlsafe.MAX_FILE_BYTES:,} bytes [limit.file-size]"
    )


def test_big_integer_is_text_not_a_slow_conversion(write_module):
    document = yamlsafe.parse_yaml("a: " + "9" * 5000, "t")
    assert document.data == {"a": "9" * 5000}


def test_impossible_date_stays_text():
    assert yamlsafe.parse_yaml("a: 2024-02-30", "t").data == {"a": "2024-02-30"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("no", "no"),
        ("on", "on"),
        ("yes", "yes"),
        ("0012", "0012"),
        ("0x1F", "0x1F"),
        ("1:30", "1:30"),
        ("12:30:00", "12:30:00"),
        (".nan", ".nan"),
        ("~", None),
        ("true", True),
        ("42", 42),
        ("1.5", "1.5"),
    ],
)
def test_only_yaml_12_core_values_are_resolved(value, expected):
    assert yamlsafe.parse_yaml(f"a: {value}", "t").data == {"a": expected}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"title: caf\xe9\n",
            "module.yaml:1:11: error: invalid UTF-8 byte 0xE9; the file may be Latin-1 or "
            "Windows-1252: save it as UTF-8 [file.encoding]",
        ),
        (
            "title: x\n".encode("utf-16"),
            "module.yaml:1:1: error: the file is encoded as UTF-16; save it as UTF-8 [file.encoding]",
        ),
        (
            b"title: a\x00b\n",
            "module.yaml:1:9: error: control character U+0000 is not allowed in a module; delete it "
            "(a NUL often means the file is UTF-16: save it as UTF-8) [file.control-character]",
        ),
        (
            b"title: a\x1bb\n",
            "module.yaml:1:9: error: control character U+001B is not allowed in a module; delete it "
            "[file.control-character]",
        ),
        (
            "title: a\ufffeb\n".encode(),
            "module.yaml:1:9: error: control character U+FFFE is not allowed in a module; "
            "delete it [file.control-character]",
        ),
        (
            b"title: a\xed\xa0\x80b\n",
            "module.yaml:1:9: error: invalid UTF-8 byte 0xED; the file may be Latin-1 or "
            "Windows-1252: save it as UTF-8 [file.encoding]",
        ),
    ],
)
def test_bytes_problems_are_placed(write_module, data, expected):
    assert only_message(write_module(data)) == expected


def test_utf8_bom_is_accepted(write_module, minimal_text):
    assert load_module(write_module(b"\xef\xbb\xbf" + minimal_text.encode())).ok


def test_a_folder_is_not_a_module(tmp_path):
    (tmp_path / "folder.yaml").mkdir()
    assert (
        only_message(Path("folder.yaml")) == "folder.yaml: error: this is a folder, not a module file "
        "[file.not-regular]"
    )


def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    assert only_message(Path("pipe.yaml")).endswith(
        "this is not a regular file (a device, pipe or socket); give a .yaml file [file.not-regular]"
    )


def test_a_link_to_dev_zero_is_refused(tmp_path):
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    assert "[file.not-regular]" in only_message(Path("zero.yaml"))


def test_a_missing_file(tmp_path):
    assert (
        only_message(Path("nope.yaml")) == "nope.yaml: error: cannot read the file: No such file or directory "
        "[file.unreadable]"
    )


@pytest.mark.parametrize("escape", ["\\b", "\\x00", "\\e", "\\uFFFE", "\\x85"])
def test_escapes_cannot_smuggle_control_characters(write_module, parser, escape):
    message = only_message(write_module(f'title: "a{escape}b"\n'))
    assert message.startswith("module.yaml:1:8: error: the text holds control character U+")
    assert message.endswith("[file.control-character]")
