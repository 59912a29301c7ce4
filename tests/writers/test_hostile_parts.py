"""Only what a template needs reaches the outputs: hostile parts, relationships and names (issue 22, deliverable 4)."""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.core.bundled import TEMPLATES
from toolkit.writers import docx_styles, pptx_layouts

RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TRACKER = "https://tracker.example/pixel.png"
MASTER = "ppt/slideMasters/slideMaster1.xml"
MASTER_RELS = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
LINKED_BACKGROUND = b'<p:bg><p:bgPr><a:blipFill><a:blip r:link="rId90"/></a:blipFill><a:effectLst/></p:bgPr></p:bg>'


@pytest.fixture(autouse=True)
def project(tmp_path, minimal_text) -> Path:
    """Return a folder with modules/minimal.yaml; template caches start empty."""
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "minimal.yaml").write_text(minimal_text)
    pptx_layouts._load.cache_clear()
    docx_styles._load.cache_clear()
    yield tmp_path
    pptx_layouts._load.cache_clear()
    docx_styles._load.cache_clear()


def rebuilt(name: str, target: Path, edit=None, extra: list[tuple[str, bytes]] = ()) -> Path:
    """Write `target`: the shipped template `name` with `edit(member, bytes)` applied to each member, then `extra`."""
    with (
        zipfile.ZipFile(TEMPLATES / name) as original,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")  # zipfile warns about a duplicate name, which one test wants
        for info in original.infolist():
            data = original.read(info)
            out.writestr(info.filename, edit(info.filename, data) if edit else data)
        for member, data in extra:
            out.writestr(member, data)
    return target


def add_relationship(data: bytes, rid: str, kind: str, target: str, external: bool = False) -> bytes:
    """Return a relationships part with one more relationship."""
    mode = ' TargetMode="External"' if external else ""
    extra = f'<Relationship Id="{rid}" Type="{RT}/{kind}" Target="{target}"{mode}/>'
    return data.replace(b"</Relationships>", extra.encode() + b"</Relationships>")


def build(option: str, template: Path, format: str):
    """Return the result of `ssr-toolkit build minimal` on this Office template."""
    return CliRunner().invoke(main, ["build", "minimal", "--force", option, template.name, "--format", format])


def output_members(suffix: str) -> dict[str, bytes]:
    """Return every member of the one output file ending in `suffix`."""
    [path] = Path("output").rglob(f"*{suffix}")
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def assert_built_with_warnings(result, *said: str, count: int = 1) -> None:
    """Assert a build succeeded and warned `count` times that the template lost something, saying each word."""
    assert result.exit_code == 0, result.output
    assert result.output.count("[template.part-dropped]") == count, result.output
    for words in said:
        assert words in result.output


def assert_refused(result, *said: str) -> None:
    """Assert a build failed cleanly with one template.unreadable error and wrote nothing."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.output.count("[template.unreadable]") == 1, result.output
    for words in said:
        assert words in result.output
    assert not Path("output").exists()


# --- external relationships and relationships leaving the package -----------------------------------


def test_a_linked_picture_in_the_slide_master_is_dropped_with_its_reference(project):
    def edit(member: str, data: bytes) -> bytes:
        if member == MASTER_RELS:
            return add_relationship(data, "rId90", "image", TRACKER, external=True)
        if member == MASTER:
            return data.replace(
                b'<p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>', LINKED_BACKGROUND
            )
        return data

    brand = rebuilt("deck.pptx", project / "brand.pptx", edit)
    assert LINKED_BACKGROUND in zipfile.ZipFile(brand).read(MASTER)
    result = build("--pptx-template", brand, "slides")
    assert_built_with_warnings(result, "rId90", "/ppt/slideMasters/slideMaster1.xml", "outside the file", TRACKER)
    members = output_members(".pptx")
    assert not any(TRACKER.encode() in data for data in members.values())
    assert b'r:link="rId90"' not in members[MASTER] and b"<a:blip/>" in members[MASTER]


def test_an_attached_template_on_the_web_is_dropped_from_documents(project):
    extra = [
        (
            "word/_rels/settings.xml.rels",
            (
                f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">'
                f'<Relationship Id="rId1" Type="{RT}/attachedTemplate" Target="{TRACKER}" TargetMode="External"/>'
                "</Relationships>"
            ).encode(),
        )
    ]
    brand = rebuilt("reference.docx", project / "brand.docx", extra=extra)
    result = build("--docx-reference", brand, "handout")
    assert_built_with_warnings(result, "rId1", "/word/settings.xml", TRACKER)
    assert not any(TRACKER.encode() in data for data in output_members(".docx").values())


@pytest.mark.parametrize("target", ["../../../../etc/passwd", "/../secret.xml"])
def test_a_relationship_out_of_the_package_is_dropped(project, target):
    def edit(member: str, data: bytes) -> bytes:
        return add_relationship(data, "rId91", "image", target) if member == MASTER_RELS else data

    result = build("--pptx-template", rebuilt("deck.pptx", project / "brand.pptx", edit), "slides")
    assert_built_with_warnings(result, "rId91", "outside the package")
    assert not any(target.encode() in data for data in output_members(".pptx").values())


# --- macros: refused by both readers ------------------------------------------------------------------


MACRO_PRESENTATION = b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
MACRO_DOCUMENT = b"application/vnd.ms-word.document.macroEnabled.main+xml"


def macro_enabled(main_type: bytes, plain_type: bytes):
    """Return an edit that makes the main part's content type macro-enabled."""
    return lambda member, data: data.replace(plain_type, main_type) if member == "[Content_Types].xml" else data


def with_vba_project(folder: str):
    """Return an edit and the extra member that give the main part a VBA project."""

    def edit(member: str, data: bytes) -> bytes:
        if member == f"{folder}/_rels/{'presentation' if folder == 'ppt' else 'document'}.xml.rels":
            rel = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
            return data.replace(
                b"</Relationships>",
                f'<Relationship Id="rId99" Type="{rel}" Target="vbaProject.bin"/>'.encode() + b"</Relationships>",
            )
        if member == "[Content_Types].xml":
            return data.replace(
                b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
            )
        return data

    return edit, [(f"{folder}/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")]


@pytest.mark.parametrize("how", ["macro-enabled main part", "vbaProject.bin"])
@pytest.mark.parametrize(
    ("name", "option", "format", "folder", "main_type", "plain_type"),
    [
        (
            "deck.pptx",
            "--pptx-template",
            "slides",
            "ppt",
            MACRO_PRESENTATION,
            b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        ),
        (
            "reference.docx",
            "--docx-reference",
            "handout",
            "word",
            MACRO_DOCUMENT,
            b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        ),
    ],
)
def test_a_template_with_macros_is_refused_by_both_readers(
    project, how, name, option, format, folder, main_type, plain_type
):
    if how == "vbaProject.bin":
        edit, extra = with_vba_project(folder)
        brand = rebuilt(name, project / f"brand-{name}", edit, extra)
        said = f"part /{folder}/vbaProject.bin carries macros"
    else:
        brand = rebuilt(name, project / f"brand-{name}", macro_enabled(main_type, plain_type))
        said = "carries macros (" + main_type.decode()
    assert_refused(build(option, brand, format), brand.name, said, "save the template without macros")


# --- unknown parts and odd member names ------------------------------------------------------------------


def test_a_part_nothing_refers_to_is_dropped(project):
    brand = rebuilt("deck.pptx", project / "brand.pptx", extra=[("ppt/private/notes.xml", b"<x>TOP-SECRET</x>")])
    result = build("--pptx-template", brand, "slides")
    assert_built_with_warnings(result, "part /ppt/private/notes.xml is not used")
    assert "ppt/private/notes.xml" not in output_members(".pptx")


def test_a_part_of_a_kind_no_output_needs_is_dropped(project):
    def edit(member: str, data: bytes) -> bytes:
        return (
            add_relationship(data, "rId92", "oleObject", "../embeddings/oleObject1.bin")
            if member == MASTER_RELS
            else data
        )

    brand = rebuilt("deck.pptx", project / "brand.pptx", edit, [("ppt/embeddings/oleObject1.bin", b"OLE")])
    result = build("--pptx-template", brand, "slides")
    assert_built_with_warnings(result, "rId92", "oleObject")
    assert not any("embeddings" in member for member in output_members(".pptx"))


@pytest.mark.parametrize(
    ("member", "why"),
    [
        ("/etc/evil.xml", "an absolute path"),
        ("ppt/../../evil.xml", "'..' segment"),
        ("ppt\\evil.xml", "a backslash"),
        ("C:/evil.xml", "a drive"),
    ],
)
@pytest.mark.parametrize(
    ("name", "option", "format"),
    [("deck.pptx", "--pptx-template", "slides"), ("reference.docx", "--docx-reference", "handout")],
)
def test_a_member_that_is_no_part_name_is_dropped(project, member, why, name, option, format):
    brand = rebuilt(name, project / f"brand-{name}", extra=[(member, b"<evil/>")])
    assert_built_with_warnings(build(option, brand, format), why, repr(member))
    assert not any(b"<evil/>" in data for data in output_members(Path(name).suffix).values())


def test_a_member_named_twice_is_refused(project):
    with zipfile.ZipFile(TEMPLATES / "deck.pptx") as original:
        theme = original.read("ppt/theme/theme1.xml")
    brand = rebuilt("deck.pptx", project / "brand.pptx", extra=[("PPT/theme/theme1.xml", theme)])
    assert_refused(build("--pptx-template", brand, "slides"), "'PPT/theme/theme1.xml' appears twice")


def test_the_shipped_templates_lose_nothing(project):
    for name, option, format in (
        ("deck.pptx", "--pptx-template", "slides"),
        ("reference.docx", "--docx-reference", "guide"),
    ):
        result = build(option, rebuilt(name, project / f"copy-{name}"), format)
        assert result.exit_code == 0 and "template.part-dropped" not in result.output, result.output


# --- a notes master that is missing or malformed (low finding) ----------------------------------------------


NOTES_MASTER = "ppt/notesMasters/notesMaster1.xml"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"


@pytest.mark.parametrize(
    ("notes_master", "said"),
    [
        (f'<?xml version="1.0"?><p:notesMaster xmlns:p="{P}"/>'.encode(), "has no shapes"),
        (b'<?xml version="1.0"?><foo/>', "is not a notes master (its root element is 'foo')"),
    ],
)
def test_a_malformed_notes_master_is_replaced_with_a_warning_and_notes_are_written(project, notes_master, said):
    brand = rebuilt("deck.pptx", project / "brand.pptx", lambda m, d: notes_master if m == NOTES_MASTER else d)
    result = build("--pptx-template", brand, "slides")
    assert result.exit_code == 0, result.output
    assert result.output.count("[template.notes-master]") == 1 and said in result.output
    members = output_members(".pptx")
    assert any(member.startswith("ppt/notesSlides/") for member in members)
    assert members["ppt/presentation.xml"].count(b"<p:notesMasterId ") == 1
    [master] = [name for name in members if name.startswith("ppt/notesMasters/") and name.endswith(".xml")]
    assert b"<p:cSld" in members[master]


def test_a_deck_template_without_a_notes_master_still_gets_speaker_notes(project):
    def edit(member: str, data: bytes) -> bytes | None:
        if member == "ppt/_rels/presentation.xml.rels":
            return re.sub(rb'<Relationship [^>]*notesMaster"[^>]*/>', b"", data)
        if member == "ppt/presentation.xml":
            return re.sub(rb"<p:notesMasterIdLst>.*?</p:notesMasterIdLst>", b"", data)
        return data

    brand = rebuilt("deck.pptx", project / "brand.pptx", edit)
    result = build("--pptx-template", brand, "slides")
    assert result.exit_code == 0, result.output
    members = output_members(".pptx")
    assert any(member.startswith("ppt/notesSlides/") for member in members)
    assert members["ppt/presentation.xml"].count(b"<p:notesMasterId ") == 1


# --- check on a file whose theme is malformed (low finding) ----------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "theme", "kind"), [("slides.pptx", "ppt", "PowerPoint"), ("handout.docx", "word", "Word")]
)
def test_check_on_a_file_with_a_malformed_theme_is_one_clear_error(project, suffix, theme, kind):
    assert CliRunner().invoke(main, ["build", "minimal"]).exit_code == 0
    [built] = Path("output").rglob(f"*-{suffix}")
    broken = project / f"broken-{suffix}"
    with zipfile.ZipFile(built) as original, zipfile.ZipFile(broken, "w") as out:
        for info in original.infolist():
            part = info.filename == f"{theme}/theme/theme1.xml"
            out.writestr(info.filename, b"<a:theme garbage" if part else original.read(info))
    result = CliRunner().invoke(main, ["check", broken.name])
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert f"part /{theme}/theme/theme1.xml is not well-formed XML" in result.output
    assert f"{kind}, LibreOffice and this check cannot read the file" in result.output
    assert result.output.count("[file.unreadable]") == 1


# --- images: EXIF rotation, a phone's MPO JPEG, animated GIF frames (low findings) ----------------------------


def module_showing(project: Path, minimal_text: str, picture: str) -> None:
    """Rewrite modules/minimal.yaml so its first slide shows `picture` (in the modules folder)."""
    (project / "modules" / "minimal.yaml").write_text(
        minimal_text.replace(
            "notes: Say", f"image:\n          path: {picture}\n          alt: A chart\n        notes: Say"
        )
    )


def test_a_photo_stored_sideways_is_a_warning_at_its_line(project, minimal_text):
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6  # stored turned: a viewer must rotate it 90° clockwise
    Image.new("RGB", (40, 20), "red").save(project / "modules" / "photo.jpg", "JPEG", exif=exif)
    Image.new("RGB", (40, 20), "red").save(project / "modules" / "upright.jpg", "JPEG")
    module_showing(project, minimal_text, "photo.jpg")
    result = CliRunner().invoke(main, ["build", "minimal", "--format", "slides"])
    assert result.exit_code == 0, result.output
    assert result.output.count("[check.image-orientation]") == 1
    assert "modules/minimal.yaml:" in result.output and "stored on its side" in result.output
    assert "rotate it upright" in result.output
    module_showing(project, minimal_text, "upright.jpg")
    result = CliRunner().invoke(main, ["build", "minimal", "--format", "slides"])
    assert result.exit_code == 0 and "image-orientation" not in result.output, result.output


def test_a_phones_mpo_jpeg_is_placed_as_a_jpeg(project, minimal_text):
    from PIL import Image

    first, second = Image.new("RGB", (40, 20), "red"), Image.new("RGB", (40, 20), "blue")
    first.save(project / "modules" / "phone.jpg", "MPO", save_all=True, append_images=[second])
    with Image.open(project / "modules" / "phone.jpg") as opened:
        assert opened.format == "MPO"
    module_showing(project, minimal_text, "phone.jpg")
    result = CliRunner().invoke(main, ["build", "minimal", "--format", "slides"])
    assert result.exit_code == 0, result.output
    pictures = [name for name in output_members(".pptx") if name.startswith("ppt/media/")]
    assert [name.rsplit(".", 1)[-1] for name in pictures] == ["jpg"]


def test_the_frames_of_an_animated_gif_count_against_the_pixel_limit(project, minimal_text, monkeypatch):
    from PIL import Image

    from toolkit.module import images

    monkeypatch.setattr(images, "MAX_IMAGE_PIXELS", 30_000)
    frames = [Image.new("RGB", (100, 100), (60 * n, 255 - 60 * n, 0)) for n in range(4)]
    frames[0].save(project / "modules" / "moving.gif", save_all=True, append_images=frames[1:])
    frames[0].save(project / "modules" / "still.gif")
    module_showing(project, minimal_text, "moving.gif")
    result = CliRunner().invoke(main, ["validate", "modules/minimal.yaml"])
    assert result.exit_code == 1, result.output
    assert "the animated GIF has 4 frames, 40,000 pixels in all; the limit is 30,000 pixels" in result.output
    module_showing(project, minimal_text, "still.gif")
    assert CliRunner().invoke(main, ["validate", "modules/minimal.yaml"]).exit_code == 0
