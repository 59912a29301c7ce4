"""Nothing outside gets in through templates, pictures, caches or Office packages (issue 22, serious findings)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.render import templates as render

SECRET = "TOP-SECRET-CONTENT-OUTSIDE"


@pytest.fixture
def project(tmp_path, minimal_text) -> Path:
    """Return a folder with modules/minimal.yaml, a template folder tpl/ and a secret file outside both."""
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "minimal.yaml").write_text(minimal_text)
    (tmp_path / "tpl").mkdir()
    (tmp_path / "secret.txt").write_text(f"# {SECRET}\n")
    render.environment.cache_clear()
    render._bytecode_cache.cache_clear()
    yield tmp_path
    render.environment.cache_clear()
    render._bytecode_cache.cache_clear()


def build(*arguments: str):
    """Return the result of `ssr-toolkit build minimal` with these arguments, run in-process."""
    return CliRunner().invoke(main, ["build", "minimal", "--force", *arguments])


def assert_refused(result, *words: str) -> None:
    """Assert a build failed cleanly (exit 1, no traceback), said each word, leaked nothing and wrote nothing."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert SECRET not in result.output
    for word in words:
        assert word in result.output
    assert not Path("output").exists()


# --- finding 1: links in a user's template folder ---------------------------------------------------


def test_a_template_that_is_a_link_out_of_its_folder_is_refused(project):
    (project / "tpl" / "handout.md.j2").symlink_to(project / "secret.txt")
    assert_refused(build("--templates", "tpl"), "handout.md.j2", "leads outside the template folder", "link")


def test_an_included_link_out_of_the_folder_is_refused(project):
    (project / "tpl" / "handout.md.j2").write_text('{% include "evil.j2" %}')
    (project / "tpl" / "evil.j2").symlink_to(project / "secret.txt")
    assert_refused(build("--templates", "tpl"), "evil.j2", "leads outside the template folder")


def test_a_link_to_a_folder_outside_is_refused(project):
    (project / "elsewhere").mkdir()
    (project / "elsewhere" / "passwd").write_text(SECRET)
    (project / "tpl" / "sub").symlink_to(project / "elsewhere", target_is_directory=True)
    (project / "tpl" / "handout.md.j2").write_text('{% include "sub/passwd" %}')
    assert_refused(build("--templates", "tpl"), "sub/passwd", "leads outside the template folder")


def test_a_link_inside_the_template_folder_is_followed(project):
    (project / "tpl" / "mine.j2").write_text("# Our own handout\n")
    (project / "tpl" / "handout.md.j2").symlink_to("mine.j2")
    assert build("--templates", "tpl", "--format", "handout").exit_code == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_as_a_template_is_refused_without_waiting(project):
    os.mkfifo(project / "tpl" / "handout.md.j2")
    assert_refused(build("--templates", "tpl"), "not a regular file")


def test_a_template_past_the_size_limit_is_refused_before_it_is_read(project, monkeypatch):
    monkeypatch.setattr(render, "MAX_TEMPLATE_BYTES", 1000)
    (project / "tpl" / "handout.md.j2").write_text("x" * 1001)
    assert_refused(build("--templates", "tpl"), "the limit is 1,000 bytes")


def test_the_compiled_template_cache_lets_no_link_through(project, module_for_render):
    """A template compiled and cached, then replaced by a link to a file with the same text, is refused."""
    (project / "secret.txt").write_text("# Same text\n")
    template = project / "tpl" / "handout.md.j2"
    template.write_text("# Same text\n")
    options = render.RenderOptions(template_dirs=((project / "tpl").resolve(), *render.RenderOptions().template_dirs))
    render.build_handout(module_for_render, options)  # compiled and kept in the caches
    template.unlink()
    template.symlink_to(project / "secret.txt")
    with pytest.raises(render.DiagnosticsError, match="leads outside the template folder"):
        render.build_handout(module_for_render, options)  # the same process: its in-memory cache
    render.environment.cache_clear()
    with pytest.raises(render.DiagnosticsError, match="leads outside the template folder"):
        render.build_handout(module_for_render, options)  # a new process: the compiled-template cache


@pytest.fixture
def module_for_render(project):
    from toolkit.module.loader import load_module

    return load_module(project / "modules" / "minimal.yaml").module


# --- finding 2: pictures a slides template names -----------------------------------------------------


def write_png(path: Path, colour: str = "red") -> Path:
    """Write a small PNG to `path` and return it."""
    from PIL import Image

    Image.new("RGB", (8, 8), colour).save(path)
    return path


def slides_template(folder: Path, source: str) -> None:
    """Write a slides template whose one slide shows the picture at `source` (Markdown link text)."""
    (folder / "slides.md.j2").write_text(f"::::: slide two-content\n## A slide\n\n![a picture]({source})\n\n:::::\n")


def outside_picture(project: Path) -> Path:
    """Return a picture outside the module's folder, its bytes marked so a deck that embeds it can be spotted."""
    picture = write_png(project / "private.png", "blue")
    with picture.open("ab") as file:
        file.write(SECRET.encode())  # after the PNG's end: Pillow ignores it, a leak test finds it
    return picture


@pytest.mark.parametrize("how", ["absolute", "relative", "link in the module folder"])
def test_a_picture_outside_the_module_folder_is_refused(project, how):
    picture = outside_picture(project)
    if how == "absolute":
        slides_template(project / "tpl", str(picture))
    elif how == "relative":
        slides_template(project / "tpl", "../private.png")
    else:
        (project / "modules" / "link.png").symlink_to(picture)
        slides_template(project / "tpl", "link.png")
    result = build("--templates", "tpl", "--format", "slides")
    assert_refused(result, "slides.md.j2", "module minimal", "leads outside the module's folder", "[template.picture]")


@pytest.mark.parametrize("device", ["/dev/zero", "pipe"])
def test_a_picture_that_is_a_device_or_pipe_is_refused_without_reading_it(project, device):
    if device == "pipe":
        if not hasattr(os, "mkfifo"):
            pytest.skip("named pipes are POSIX")
        os.mkfifo(project / "modules" / "pipe.png")
        slides_template(project / "tpl", str(project / "modules" / "pipe.png"))
    else:
        slides_template(project / "tpl", device)
    assert_refused(build("--templates", "tpl", "--format", "slides"), "[template.picture]")


def test_a_picture_past_the_image_size_limit_is_refused(project, monkeypatch):
    monkeypatch.setattr(render, "MAX_IMAGE_BYTES", 10)
    write_png(project / "modules" / "big.png")
    slides_template(project / "tpl", "big.png")
    assert_refused(build("--templates", "tpl", "--format", "slides"), "the limit is 10", "[template.picture]")


def test_a_picture_inside_the_module_folder_is_shown(project):
    write_png(project / "modules" / "ok.png")
    slides_template(project / "tpl", "ok.png")
    assert build("--templates", "tpl", "--format", "slides").exit_code == 0
    assert Path("output/minimal/en/minimal-slides.pptx").is_file()


# --- finding 3: a cached verdict never allows what a fresh validation refuses -------------------------


def module_with_image(project: Path, minimal_text: str) -> Path:
    """Return modules/minimal.yaml rewritten to show pic.png, a link to a picture in the module's folder."""
    write_png(project / "modules" / "real.png")
    (project / "modules" / "pic.png").symlink_to("real.png")
    path = project / "modules" / "minimal.yaml"
    path.write_text(
        minimal_text.replace(
            "notes: Say", "image:\n          path: pic.png\n          alt: A chart\n        notes: Say"
        )
    )
    return path


def repoint_outside(project: Path) -> None:
    """Point the module's pic.png at a copy of its own picture outside the folder: same bytes, other place."""
    outside = project / "outside.png"
    outside.write_bytes((project / "modules" / "real.png").read_bytes())
    (project / "modules" / "pic.png").unlink()
    (project / "modules" / "pic.png").symlink_to(outside)


@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_link_repointed_outside_after_validation_is_refused(project, minimal_text, command):
    from toolkit.module.loader import load

    path = module_with_image(project, minimal_text)
    assert CliRunner().invoke(main, ["validate"]).exit_code == 0  # the verdict is cached
    repoint_outside(project)
    found = load(path)
    expected = "the path leads outside the module's folder through a link"
    assert any(d.code == "check.image-path" and expected in d.message for d in found.diagnostics)
    if command == "build":
        assert_refused(build(), expected, "[check.image-path]")


def test_an_image_replaced_by_a_pipe_after_validation_is_refused_without_waiting(project, minimal_text):
    from toolkit.module.loader import load

    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are POSIX")
    path = module_with_image(project, minimal_text)
    assert CliRunner().invoke(main, ["validate"]).exit_code == 0
    (project / "modules" / "real.png").unlink()
    os.mkfifo(project / "modules" / "real.png")
    assert not load(path).ok


# --- finding 4: Office templates bounded in total unpacked size, read once ---------------------------

MIB = 1024 * 1024


def with_zero_parts(source: Path, target: Path, parts: int, size: int) -> Path:
    """Write `target`: the Office file `source` plus `parts` parts of `size` zero bytes (tiny once deflated)."""
    import zipfile

    chunk = bytes(MIB)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            out.writestr(info, original.read(info))
        for number in range(parts):
            with out.open(f"media/zero{number}.bin", "w") as part:
                for start in range(0, size, MIB):
                    part.write(chunk[: min(MIB, size - start)])
    return target


def shipped(name: str) -> Path:
    from toolkit.core.bundled import TEMPLATES

    return TEMPLATES / name


def test_a_template_declaring_more_than_the_total_limit_is_refused_unread(project):
    from toolkit.writers import opc

    parts = opc.MAX_UNPACKED_BYTES // (18 * MIB) + 1  # each part within its own limit, together past the total
    with_zero_parts(shipped("deck.pptx"), project / "brand.pptx", parts, 18 * MIB)
    assert (project / "brand.pptx").stat().st_size < 2 * MIB
    result = build("--pptx-template", "brand.pptx", "--format", "slides")
    assert_refused(result, "brand.pptx", "unpacked; the limit is 104,857,600 bytes (100 MiB)", "[template.unreadable]")


@pytest.mark.parametrize(
    ("option", "name", "format"),
    [("--pptx-template", "deck.pptx", "slides"), ("--docx-reference", "reference.docx", "handout")],
)
def test_the_total_unpacked_limit_holds_for_decks_and_documents(project, monkeypatch, option, name, format):
    from toolkit.writers import docx_styles, opc, pptx_layouts

    monkeypatch.setattr(opc, "MAX_UNPACKED_BYTES", 2 * MIB)
    pptx_layouts._load.cache_clear()
    docx_styles._load.cache_clear()
    with_zero_parts(shipped(name), project / f"small-{name}", 1, MIB)
    assert build(option, f"small-{name}", "--format", format).exit_code == 0  # within the limit
    shutil.rmtree("output")
    with_zero_parts(shipped(name), project / f"big-{name}", 3, MIB)
    assert_refused(build(option, f"big-{name}", "--format", format), f"big-{name}", "the limit is 2,097,152 bytes")


def test_a_part_that_inflates_past_what_it_declares_is_refused(project):
    """The directory says 1,000 bytes; the part holds 2 MiB: reading stops, one clear error."""
    import struct

    with_zero_parts(shipped("deck.pptx"), project / "liar.pptx", 1, 2 * MIB)
    data = bytearray((project / "liar.pptx").read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, directory entry
        start = data.rindex(signature)
        data[start + offset : start + offset + 4] = struct.pack("<I", 1000)
    (project / "liar.pptx").write_bytes(bytes(data))
    assert_refused(build("--pptx-template", "liar.pptx", "--format", "slides"), "liar.pptx", "[template.unreadable]")


def test_a_deck_template_is_read_once(project, monkeypatch):
    from toolkit.writers import opc, pptx_layouts

    reads = []
    original = opc.Package.read.__func__
    monkeypatch.setattr(opc.Package, "read", classmethod(lambda cls, data: reads.append(1) or original(cls, data)))
    pptx_layouts._load.cache_clear()
    (project / "brand.pptx").write_bytes(shipped("deck.pptx").read_bytes())
    pptx_layouts.load_template(project / "brand.pptx")
    assert len(reads) == 1


@pytest.mark.parametrize("option", ["--pptx-template", "--docx-reference"])
@pytest.mark.parametrize("device", ["/dev/zero", "pipe"])
def test_a_device_or_pipe_as_an_office_template_is_refused_before_reading(project, option, device):
    if device == "pipe":
        if not hasattr(os, "mkfifo"):
            pytest.skip("named pipes are POSIX")
        os.mkfifo(project / "pipe.pptx")
        device = "pipe.pptx"
    result = build(option, device)
    assert_refused(result, device, "not a regular file", "[template.unreadable]")


def test_doctor_refuses_a_part_past_the_limit_before_opening_it(project):
    from toolkit.writers import opc

    with_zero_parts(shipped("deck.pptx"), project / "brand.pptx", 1, opc.MAX_PART_BYTES + 1)
    result = CliRunner().invoke(main, ["doctor", "brand.pptx"])
    assert result.exit_code == 1, result.output
    assert "larger than 20 MiB unpacked" in result.output and "[template.unreadable]" in result.output


def test_doctor_and_check_refuse_a_package_past_the_total_limit(project, monkeypatch):
    from toolkit.quality import run
    from toolkit.writers import opc

    monkeypatch.setattr(opc, "MAX_UNPACKED_BYTES", 2 * MIB)
    monkeypatch.setattr(run, "MAX_UNPACKED_BYTES", 2 * MIB)
    with_zero_parts(shipped("deck.pptx"), project / "brand.pptx", 3, MIB)
    for command in ("doctor", "check"):
        result = CliRunner().invoke(main, [command, "brand.pptx"])
        assert result.exit_code == 1, result.output
        assert "the limit is 2,097,152 bytes" in result.output and "Traceback" not in result.output


# --- medium findings: malformed parts of a branded template --------------------------------------------


def with_part_replaced(source: Path, target: Path, part: str, data: bytes) -> Path:
    """Write `target`: the Office file `source` with one part's bytes replaced."""
    import zipfile

    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            out.writestr(info, data if info.filename == part else original.read(info))
    return target


@pytest.mark.parametrize(
    "option, template, part, format",
    [
        ("--pptx-template", "deck.pptx", "ppt/theme/theme1.xml", "slides"),
        ("--pptx-template", "deck.pptx", "ppt/presProps.xml", "slides"),
        ("--docx-reference", "reference.docx", "word/theme/theme1.xml", "handout"),
        ("--docx-reference", "reference.docx", "word/numbering.xml", "guide"),
        ("--docx-reference", "reference.docx", "word/settings.xml", "handout"),
    ],
)
def test_a_template_with_a_malformed_part_is_one_unreadable_error(project, option, template, part, format):
    brand = with_part_replaced(shipped(template), project / f"brand-{template}", part, b"<a:theme garbage")
    result = build(option, str(brand.name), "--format", format)
    assert_refused(result, brand.name, f"part /{part} is not well-formed XML", "[template.unreadable]")
    assert result.output.count("error:") == 1


# --- medium findings: files the build hashes are checked before they are read --------------------------


def build_in_a_bounded_process(project: Path, *arguments: str):
    """Return the completed `build minimal` run in a child process with 1 GiB of memory and 60 seconds at most.

    The bounds keep a regression from filling the test machine's memory or hanging the suite:
    it fails as an error or a timeout instead.
    """
    import subprocess
    import sys

    def bounded() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))

    command = [sys.executable, "-m", "toolkit", "build", "minimal", "--jobs", "1", *arguments]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=60, preexec_fn=bounded)


posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="POSIX")


@posix_only
@pytest.mark.parametrize("kind", ["/dev/zero", "pipe"])
def test_a_state_file_that_is_a_device_or_pipe_is_no_record_and_is_replaced(project, kind):
    from toolkit.build.incremental import STATE_FILE

    (project / "output").mkdir()
    state = project / "output" / STATE_FILE
    if kind == "pipe":
        os.mkfifo(state)
    else:
        state.symlink_to(kind)
    result = build_in_a_bounded_process(project)
    assert result.returncode == 0, result.stderr
    assert "3 file(s) from 1 module(s)" in result.stderr
    assert state.is_file() and not state.is_symlink()
    assert build_in_a_bounded_process(project).stderr.startswith("Nothing to do")


@posix_only
def test_a_state_record_naming_a_device_is_not_up_to_date(project):
    import json

    from toolkit.build.incremental import STATE_FILE

    assert build_in_a_bounded_process(project).returncode == 0
    state = project / "output" / STATE_FILE
    data = json.loads(state.read_text())
    for record in data["modules"].values():
        record["inputs"]["../" * 12 + "dev/zero"] = "0" * 64  # an edited record
    state.write_text(json.dumps(data))
    result = build_in_a_bounded_process(project)
    assert result.returncode == 0, result.stderr
    assert "3 file(s) from 1 module(s)" in result.stderr  # built again, not read for ever


@posix_only
def test_files_in_a_template_folder_are_hashed_within_the_limit(project):
    (project / "tpl" / "huge.bin").touch()
    os.truncate(project / "tpl" / "huge.bin", 3 * 2**30)  # sparse: 3 GiB declared, no disk used
    os.mkfifo(project / "tpl" / "pipe.j2")
    (project / "tpl" / "zero.j2").symlink_to("/dev/zero")
    result = build_in_a_bounded_process(project, "--templates", "tpl")
    assert result.returncode == 0, result.stderr
    assert "3 file(s) from 1 module(s)" in result.stderr


@posix_only
@pytest.mark.parametrize("kind", ["/dev/zero", "pipe"])
def test_an_office_template_replaced_by_a_device_or_pipe_is_refused_when_hashed(project, kind):
    import subprocess
    import sys

    office = project / "brand.pptx"
    if kind == "pipe":
        os.mkfifo(office)
    else:
        office.symlink_to(kind)
    code = "import pathlib, toolkit.build.incremental as i; i.environment_key((), [pathlib.Path('brand.pptx')])"
    result = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, timeout=60)
    assert "DiagnosticsError" in result.stderr and "MemoryError" not in result.stderr


# --- medium findings: one template expression may not allocate past the output limit -------------------

# Each makes a value of 100,000 characters (or digits, or items) without printing it: past the
# lowered limit of 1,000, refused before it is made; the output limit alone never saw them.
MEMORY_PAYLOADS = [
    "{% set v = 'x' * 100000 %}",
    "{% set v = [0] * 100000 %}",
    "{% set v = 100000 * [0] %}",
    "{% set v = '%0*d' % (100000, 1) %}",
    "{% set v = '%.100000f' % 1.5 %}",
    "{% set v = '%(a)s' * 10 % {'a': 'x' * 999} %}",
    "{% set v = 'x' | center(100000) %}",
    "{% set v = 'x'.center(100000) %}",
    "{% set v = 'x'.ljust(100000) ~ 'x'.rjust(100000) ~ 'x'.zfill(100000) %}",
    "{% set v = '{:>{}}'.format(1, 100000) %}",
    "{% set v = '{:>100000}'.format(1) %}",
    "{% set v = '%s' | format('x') ~ '%100000s' | format('x') %}",
    "{% set v = 'a' | indent(100000) %}",
    "{% set v = range(2000) | join %}",
    "{% set v = ('x' * 999).replace('', 'yy') %}",
    "{% set v = 10 ** 100000 %}",
    "{% set ns = namespace(s='x') %}{% for i in range(20) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "{% set ns = namespace(s='x') %}{% for i in range(20) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "{% set v = lipsum(1000) %}",
    "{% set v = range(3) | batch(100000, 'x') | list %}",
]


@pytest.mark.parametrize("payload", MEMORY_PAYLOADS)
def test_an_expression_past_the_output_limit_is_refused_before_it_is_made(project, monkeypatch, payload):
    from toolkit.core import limits

    monkeypatch.setattr(limits, "MAX_RENDER_CHARS", 1000)
    (project / "tpl" / "handout.md.j2").write_text(payload + "# Handout\n")
    result = build("--templates", "tpl", "--format", "handout")
    assert_refused(result, "template handout.md.j2 failed for module minimal", "more than the limit of 1,000")
    assert "[template.render]" in result.output and result.output.count("error:") == 1


def test_an_expression_at_the_output_limit_is_made(project, monkeypatch):
    from toolkit.core import limits

    monkeypatch.setattr(limits, "MAX_RENDER_CHARS", 1000)
    ordinary = "{{ ('x' * 1000) | length }} {{ '%05d' % 42 }} {{ 'a' | center(9) }} {{ '{:>3}'.format(1) }}"
    (project / "tpl" / "handout.md.j2").write_text(f"# Handout\n\n{ordinary}\n")
    assert build("--templates", "tpl", "--format", "handout").exit_code == 0
    (project / "tpl" / "handout.md.j2").write_text("{% set v = 'x' * 1001 %}# Handout\n")
    render.environment.cache_clear()
    result = build("--templates", "tpl", "--format", "handout")
    assert result.exit_code == 1 and "`*` would make a value of about 1,001 characters" in result.output


@pytest.mark.parametrize(
    "source, said",
    [
        ("{{ 1 + 'a' }}", "unsupported operand"),
        ("{{ range(10 ** 9) | list }}", "Range too big"),
        ("{% include 'handout.md.j2' %}", "recursion"),
        ("{{ [1, 2][5] }}", "no element 5"),
        ("{{ 1 // 0 }}", "by zero"),
    ],
)
def test_a_template_expression_that_fails_is_one_render_error(project, source, said):
    (project / "tpl" / "handout.md.j2").write_text(f"# Handout\n\n{source}\n")
    result = build("--templates", "tpl", "--format", "handout")
    assert_refused(result, "template handout.md.j2 failed for module minimal", said, "[template.render]")
    assert "internal error" not in result.output
