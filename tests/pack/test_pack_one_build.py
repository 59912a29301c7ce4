"""A pack is built by the build: the user's templates and Office files, and put in place as a whole."""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as open_docx

from toolkit.cli import main
from toolkit.core.bundled import TEMPLATES

PROJECT = Path(__file__).parents[2]


def pack(*arguments: str):
    return CliRunner().invoke(main, ["pack", "modules/packs/small.yaml", *arguments])


def text_of(path: Path) -> str:
    document = open_docx(str(path))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def snapshot(out: Path) -> dict[str, str]:
    """Return every file under `out/packs` (hidden ones too) by path, with its SHA-256."""
    packs = out / "packs"
    return {
        path.relative_to(packs).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(packs.rglob("*"))
        if path.is_file()
    }


def leftovers(out: Path) -> list[str]:
    """Return whatever a pack run left beside the pack folder and its zip, or inside the folder, hidden."""
    packs = out / "packs"
    beside = [entry.name for entry in packs.iterdir() if entry.name not in ("small", "small.zip")]
    hidden = (
        [p.relative_to(packs).as_posix() for p in (packs / "small").rglob(".*")] if (packs / "small").exists() else []
    )
    return sorted(beside + hidden)


def zip_names(out: Path) -> list[str]:
    with zipfile.ZipFile(out / "packs" / "small.zip") as archive:
        return sorted(name.removeprefix("small/") for name in archive.namelist())


def folder_names(out: Path) -> list[str]:
    folder = out / "packs" / "small"
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def assert_folder_and_zip_agree(out: Path) -> None:
    assert folder_names(out) == zip_names(out)
    with zipfile.ZipFile(out / "packs" / "small.zip") as archive:
        for name in zip_names(out):
            assert archive.read(f"small/{name}") == (out / "packs" / "small" / name).read_bytes(), name


def rebrand(source: Path, target: Path, part: str, old: bytes, new: bytes) -> Path:
    """Write `target`: the Office file `source` with `old` replaced by `new` in one part."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == part:
                assert old in data
                data = data.replace(old, new)
            copy.writestr(info, data)
    return target


# --- The user's templates -----------------------------------------------------------------------


def test_a_changed_handout_template_shows_in_the_packs_handouts_and_booklet(small_pack, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    shipped = (TEMPLATES / "handout.md.j2").read_text(encoding="utf-8")
    (mine / "handout.md.j2").write_text("Our own handout, from our templates.\n\n" + shipped, encoding="utf-8")
    result = pack("--templates", "mine")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "output" / "packs" / "small"
    assert "Our own handout, from our templates." in text_of(folder / "modules" / "alpha" / "alpha-handout.docx")
    assert text_of(folder / "participant-booklet.docx").count("Our own handout, from our templates.") == 2
    assert "Our own handout" not in text_of(folder / "modules" / "alpha" / "alpha-facilitator-guide.docx")


def test_a_packs_own_templates_come_from_the_pack_folder_of_templates(small_pack, tmp_path):
    (tmp_path / "mine" / "pack").mkdir(parents=True)
    shipped = (TEMPLATES / "pack" / "agenda.md.j2").read_text(encoding="utf-8")
    (tmp_path / "mine" / "pack" / "agenda.md.j2").write_text(shipped + "\nBring your own mug.\n", encoding="utf-8")
    assert pack("--templates", "mine").exit_code == 0
    folder = tmp_path / "output" / "packs" / "small"
    assert "Bring your own mug." in text_of(folder / "agenda.docx")
    assert "Bring your own mug." in (folder / "agenda.md").read_text(encoding="utf-8")
    assert "Bring your own mug." not in text_of(folder / "evaluation-form.docx")  # the others stay the shipped ones


def test_a_broken_pack_template_is_an_error_placed_in_it_and_nothing_is_written(small_pack, tmp_path):
    (tmp_path / "mine" / "pack").mkdir(parents=True)
    (tmp_path / "mine" / "pack" / "attendance.md.j2").write_text("# Sheet\n\n{{ no_such_thing.at_all }}\n")
    result = pack("--templates", "mine")
    assert result.exit_code == 1, result.output
    assert "attendance.md.j2:3:1: error: template pack/attendance.md.j2 failed for the pack" in result.output
    assert "[template.render]" in result.output and "internal error" not in result.output
    assert not (tmp_path / "output" / "packs" / "small").exists()


def test_a_pack_uses_the_pptx_template_and_docx_reference(small_pack, tmp_path):
    rebrand(TEMPLATES / "deck.pptx", tmp_path / "brand.pptx", "ppt/theme/theme1.xml", b'"SSR Toolkit"', b'"Brand X"')
    old = b'w:ascii="Arial" w:hAnsi="Arial"'
    rebrand(
        TEMPLATES / "reference.docx", tmp_path / "brand.docx", "word/styles.xml", old, old.replace(b"Arial", b"Georgia")
    )
    result = pack("--pptx-template", "brand.pptx", "--docx-reference", "brand.docx")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "output" / "packs" / "small"
    with zipfile.ZipFile(folder / "modules" / "beta" / "beta-slides.pptx") as deck:
        assert b'name="Brand X"' in deck.read("ppt/theme/theme1.xml")
    for name in ("modules/beta/beta-handout.docx", "agenda.docx", "participant-booklet.docx", "attendance-sheet.docx"):
        with zipfile.ZipFile(folder / name) as document:
            assert b'w:ascii="Georgia"' in document.read("word/styles.xml"), name


@pytest.mark.parametrize("option", ["--pptx-template", "--docx-reference"])
def test_pack_refuses_an_office_template_as_build_does(small_pack, option):
    result = pack(option, "/dev/zero")
    assert result.exit_code == 1, result.output
    assert "not a regular file" in result.output and "[template.unreadable]" in result.output


def test_pack_takes_the_same_template_options_as_build():
    def described(command: str) -> dict[str, str]:
        found = main.commands[command].params
        return {
            p.name: (p.help, p.callback) for p in found if p.name in ("templates", "pptx_template", "docx_reference")
        }

    assert len(described("pack")) == 3
    assert described("pack") == described("build")


# --- Staged and renamed as a whole -----------------------------------------------------------------


class FullDisk:
    """Flushes to disk, counted; from the `failing`-th on (once set) each fails as on a full disk."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.calls = 0
        self.failing: int | None = None
        real = os.fsync

        def fsync(descriptor: int) -> None:
            self.calls += 1
            if self.failing is not None and self.calls >= self.failing:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real(descriptor)

        monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize("which", ["middle", "zip"])
def test_a_full_disk_while_staging_leaves_the_earlier_pack_as_it_was(
    small_pack, small_pack_text, tmp_path, monkeypatch, which
):
    disk = FullDisk(monkeypatch)
    assert pack().exit_code == 0
    flushes, disk.calls = disk.calls, 0
    out = tmp_path / "output"
    before = snapshot(out)
    small_pack.write_text(small_pack_text.replace("title: Small", "title: Changed"), encoding="utf-8")
    disk.failing = flushes // 2 if which == "middle" else flushes  # the last: the zip
    result = pack()
    disk.failing = None
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    assert f"cannot write the pack into {Path('output') / 'packs'}/: No space left on device" in result.output
    assert "free some space there, or choose another --out" in result.output
    assert "[output.unwritable]" in result.output and "Nothing was written." in result.output
    assert snapshot(out) == before
    assert leftovers(out) == []
    assert_folder_and_zip_agree(out)


def test_a_failed_rename_of_the_zip_puts_the_earlier_folder_back(small_pack, small_pack_text, tmp_path, monkeypatch):
    assert pack().exit_code == 0
    out = tmp_path / "output"
    before = snapshot(out)
    small_pack.write_text(small_pack_text.replace("title: Small", "title: Changed"), encoding="utf-8")
    real = os.replace

    def replace(source, target, *args, **kwargs):
        if str(target).endswith("small.zip"):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(target))
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    result = pack()
    monkeypatch.setattr(os, "replace", real)
    assert result.exit_code == 1, result.output
    assert "Permission denied" in result.output and "internal error" not in result.output
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_the_folder_and_the_zip_list_the_same_files_after_every_pack(small_pack, small_pack_text, tmp_path):
    out = tmp_path / "output"
    assert pack().exit_code == 0
    assert_folder_and_zip_agree(out)
    small_pack.write_text(small_pack_text.replace("  - id: beta\n", ""), encoding="utf-8")
    assert pack().exit_code == 0
    assert not any(name.startswith("modules/beta/") for name in folder_names(out))
    assert_folder_and_zip_agree(out)
    assert leftovers(out) == []


def test_files_the_user_put_in_the_pack_folder_are_kept(small_pack, small_pack_text, tmp_path):
    assert pack().exit_code == 0
    folder = tmp_path / "output" / "packs" / "small"
    (folder / "our-notes.txt").write_text("Room key at reception.")
    (folder / "modules" / "alpha" / "extra.txt").write_text("Extra.")
    small_pack.write_text(small_pack_text.replace("title: Small", "title: Changed"), encoding="utf-8")
    assert pack().exit_code == 0
    assert (folder / "our-notes.txt").read_text() == "Room key at reception."
    assert (folder / "modules" / "alpha" / "extra.txt").read_text() == "Extra."
    assert "our-notes.txt" not in zip_names(tmp_path / "output")


KILLER = """
import os, signal, sys
from pathlib import Path
out, at = sys.argv[1], int(sys.argv[2])
moves = []
def killing(real):
    def move(source, target, *args, **kwargs):
        if str(target).startswith(out) and "/packs/" in str(target):
            moves.append(target)
            if len(moves) == at:
                os.kill(os.getpid(), signal.SIGKILL)
        return real(source, target, *args, **kwargs)
    return move
os.rename, os.replace = killing(os.rename), killing(os.replace)
from toolkit.cli import main
main(["pack", "modules/packs/small.yaml", "--out", out])
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kill -9 is POSIX")
@pytest.mark.parametrize("at", [1, 2, 3])
def test_a_pack_killed_at_any_rename_is_repaired_by_the_next_run(small_pack, small_pack_text, tmp_path, at):
    out = tmp_path / "output"
    assert pack("--out", str(out)).exit_code == 0
    before = snapshot(out)
    small_pack.write_text(small_pack_text.replace("title: Small", "title: Changed"), encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(PROJECT)}
    killed = subprocess.run([sys.executable, "-c", KILLER, str(out), str(at)], env=environment, cwd=tmp_path)
    assert killed.returncode == -signal.SIGKILL
    from toolkit.pack.publish import recover

    recover(out / "packs")  # what the next run does first
    assert leftovers(out) == []
    assert_folder_and_zip_agree(out)
    if at < 3:  # the zip had not been renamed: the earlier pack, as it was
        assert snapshot(out) == before
    small_pack.write_text(small_pack_text, encoding="utf-8")
    assert pack("--out", str(out)).exit_code == 0
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_the_next_run_removes_what_a_killed_run_left(small_pack, tmp_path):
    out = tmp_path / "output"
    assert pack().exit_code == 0
    staged = out / "packs" / ".small.new-999999" / "small"
    staged.mkdir(parents=True)
    (staged / "agenda.docx").write_bytes(b"half")
    (out / "packs" / ".small.old-999998").mkdir()
    assert pack().exit_code == 0
    assert leftovers(out) == []
    assert_folder_and_zip_agree(out)


# --- check builds as build does ------------------------------------------------------------------


def test_check_builds_with_the_build_and_finds_what_it_found(tmp_path, minimal_text):
    (tmp_path / "modules").mkdir()
    text = minimal_text.replace("id: minimal", "id: gamma")
    (tmp_path / "modules" / "gamma.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "gamma", "--out", "built", "--format", "json"])
    clean = CliRunner().invoke(main, ["check", "gamma"])
    assert "3 file(s) checked" in clean.output, clean.output
    assert sorted(p.name for p in (tmp_path / "built" / "gamma" / "en").iterdir()) == [
        "gamma-facilitator-guide.docx",
        "gamma-handout.docx",
        "gamma-slides.pptx",
    ]
    assert result.exit_code == clean.exit_code


@pytest.mark.parametrize("command", ["check", "pack"])
def test_check_and_pack_into_a_folder_wait_for_the_build_writing_there(small_pack, tmp_path, monkeypatch, command):
    from toolkit.core import output

    monkeypatch.setattr(output, "LOCK_TIMEOUT_SECONDS", 0.3)
    arguments = ["check", "modules/alpha.yaml", "--out", "built"] if command == "check" else []
    with output.output_lock(Path("built"), timeout=1):
        result = CliRunner().invoke(main, arguments) if arguments else pack("--out", "built")
    assert result.exit_code == 1, result.output
    assert "waiting for another build in built/" in result.output
    assert "[output.locked]" in result.output and "internal error" not in result.output
    assert not (tmp_path / "built" / "packs").exists() and not (tmp_path / "built" / "alpha").exists()


def test_the_writers_warnings_reach_the_pack_and_strict_fails_on_them(small_pack, tmp_path):
    beta = tmp_path / "modules" / "beta.yaml"
    beta.write_text(
        beta.read_text().replace(
            "        notes: Say the first point slowly.\n",
            "        notes: Say the first point slowly.\n      - title: One thing\n        bullets: [Third point]\n",
        )
    )
    strict = pack("--strict")
    assert strict.exit_code == 1, strict.output
    assert "beta.yaml:" in strict.output and "[deck.title-duplicate]" in strict.output
    assert "Nothing was written." in strict.output and not (tmp_path / "output" / "packs").exists()
    result = pack()
    assert result.exit_code == 0, result.output
    assert result.output.count("[deck.title-duplicate]") == 1  # said once, though the module is built once
    assert 'warning: two slides have the title "One thing"' in result.output


def test_two_packs_at_once_into_one_folder_both_succeed_and_agree(small_pack, tmp_path):
    environment = {**os.environ, "PYTHONPATH": str(PROJECT)}
    command = [sys.executable, "-m", "toolkit", "pack", "modules/packs/small.yaml"]
    for _ in range(3):
        runs = [
            subprocess.Popen(command, cwd=tmp_path, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=120)[0].decode() for run in runs]
        assert [run.returncode for run in runs] == [0, 0], outputs
        assert leftovers(tmp_path / "output") == []
        assert_folder_and_zip_agree(tmp_path / "output")
