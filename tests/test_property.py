"""Property tests: whatever the bytes, the loader returns a module or diagnostics, never another exception."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.module.loader import load_module
from toolkit.module.yamlsafe import FieldPath, parse_yaml

MINIMAL = (Path(__file__).parent / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_module_or_diagnostics(path: Path) -> None:
    result = load_module(path)
    assert result.module is not None or result.diagnostics
    for diagnostic in result.diagnostics:
        assert diagnostic.file == path.name
        assert diagnostic.format().startswith(path.name)


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_module_or_diagnostics(tmp_path, data):
    path = tmp_path / "fuzz.yaml"  # the tests run in tmp_path, so messages name it "fuzz.yaml"
    path.write_bytes(data)
    assert_module_or_diagnostics(path)


@SETTINGS
@given(st.data())
def test_mutated_modules_give_a_module_or_diagnostics(tmp_path, data):
    lines = MINIMAL.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "replace-value", "indent", "insert"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "indent":
            lines[index] = " " * data.draw(st.integers(1, 3)) + lines[index]
        elif action == "insert":
            lines.insert(index, data.draw(st.text(max_size=40)))
        elif ":" in lines[index]:
            key = lines[index].split(":", 1)[0]
            value = data.draw(
                st.one_of(
                    st.text(max_size=30),
                    st.sampled_from(
                        [
                            "no",
                            "~",
                            "1:30",
                            "0x1F",
                            "[]",
                            "{}",
                            "&a x",
                            "*a",
                            "!!int 3",
                            "'unterminated",
                            "- x",
                            "2024-02-30",
                        ]
                    ),
                )
            )
            lines[index] = f"{key}: {value}"
        if not lines:
            break
    path = tmp_path / "mutated.yaml"
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    assert_module_or_diagnostics(path)


def _text_paths(data: object, path: FieldPath = ()) -> list[FieldPath]:
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in _text_paths(value, (*path, key))]
    if isinstance(data, list):
        return [p for index, value in enumerate(data) for p in _text_paths(value, (*path, index))]
    return [path] if isinstance(data, str) else []


@SETTINGS
@given(st.data())
def test_random_unicode_in_text_fields_loads_or_is_rejected_cleanly(tmp_path, data):
    import yaml

    document = parse_yaml(MINIMAL, "minimal")
    paths = _text_paths(document.data)
    target = data.draw(st.sampled_from(paths))
    holder = document.data
    for part in target[:-1]:
        holder = holder[part]  # type: ignore[index]
    holder[target[-1]] = data.draw(st.text(max_size=80))  # type: ignore[index]
    path = tmp_path / "unicode.yaml"
    path.write_text(yaml.safe_dump(document.data, allow_unicode=True), encoding="utf-8", errors="surrogatepass")
    assert_module_or_diagnostics(path)


# Attack classes of issue 22 that stay fixed: paths a template or module names, and Office templates.
_PATH_PARTS = st.sampled_from(["..", ".", "pic.png", "out-link.png", "in-link.png", "sub", "~", "/etc", "secret.png"])


@SETTINGS
@given(st.lists(_PATH_PARTS, min_size=1, max_size=5), st.booleans())
def test_any_picture_path_is_refused_or_a_regular_file_inside_the_folder(tmp_path, parts, absolute):
    from toolkit.core.paths import check_inside

    folder = tmp_path / "module"
    if not folder.exists():
        (folder / "sub").mkdir(parents=True)
        (folder / "pic.png").write_bytes(b"inside")
        (tmp_path / "secret.png").write_bytes(b"outside")
        (folder / "out-link.png").symlink_to(tmp_path / "secret.png")
        (folder / "in-link.png").symlink_to(folder / "pic.png")
        (folder / "sub" / "out-link.png").symlink_to(tmp_path)
    named = Path(*parts)
    target = named if absolute and named.is_absolute() else folder / named
    problem = check_inside(target, folder)
    if problem is None:
        resolved = target.resolve(strict=True)
        assert resolved.is_relative_to(folder.resolve()) and resolved.is_file()
        assert resolved.read_bytes() == b"inside"


_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _open_deck(path: Path) -> object:
    from toolkit.writers.pptx_layouts import load_template

    return load_template(path)


def _open_reference(path: Path) -> object:
    from toolkit.writers.docx_styles import load_reference

    return load_reference(path)


@pytest.mark.parametrize(
    ("template", "open_template"), [("deck.pptx", _open_deck), ("reference.docx", _open_reference)]
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_mutated_office_template_is_read_or_refused_never_an_internal_error(tmp_path, template, open_template, data):
    import io
    import zipfile

    from toolkit.core.diagnostics import DiagnosticsError

    with zipfile.ZipFile(io.BytesIO((_TEMPLATES / template).read_bytes())) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    for _ in range(data.draw(st.integers(1, 3))):
        action = data.draw(st.sampled_from(["garble", "truncate", "drop", "add"]))
        name = data.draw(st.sampled_from(sorted(members)))
        if action == "garble":
            members[name] = data.draw(st.binary(max_size=200))
        elif action == "truncate":
            members[name] = members[name][: data.draw(st.integers(0, len(members[name])))]
        elif action == "drop":
            members.pop(name, None)
        else:
            odd = data.draw(st.sampled_from(["../evil.xml", "/abs.xml", "ppt\\back.xml", "ppt/vbaProject.bin"]))
            members[odd] = data.draw(st.binary(max_size=50))
    path = tmp_path / f"mutant-{data.draw(st.integers(0, 10**9))}{Path(template).suffix}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as mutant:
        for name, content in members.items():
            mutant.writestr(name, content)
    path.write_bytes(buffer.getvalue())
    try:
        open_template(path)
    except DiagnosticsError as error:
        assert all(diagnostic.code.startswith("template.") for diagnostic in error.diagnostics)
