"""`ssr-toolkit preview`: a PNG of every slide and page, a contact sheet a file; `watch --preview` keeps them fresh."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from toolkit.cli import main

WAIT_SECONDS = 90


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def pictures(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob("*.png"))


def test_preview_draws_every_slide_and_page_and_a_contact_sheet(
    write_module, minimal_text: str, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-office"))  # no soffice
    path = write_module(minimal_text)
    result = invoke("preview", str(path), "--out", "out")
    assert result.exit_code == 0, result.output
    folder = Path("out/minimal/en/preview")
    assert "previewed minimal" in result.output
    # As many slide pictures as the PDF deck has pages.
    assert invoke("build", str(path), "--format", "pdf", "--out", "pdf").exit_code == 0
    slides = len(PdfReader("pdf/minimal/en/minimal-slides.pdf").pages)
    handout = len(PdfReader("pdf/minimal/en/minimal-handout.pdf").pages)
    assert pictures(folder / "slides") == [f"{n:03d}.png" for n in range(1, slides + 1)]
    assert pictures(folder / "handout") == [f"{n:03d}.png" for n in range(1, handout + 1)]
    assert pictures(folder / "facilitator-guide")
    with Image.open(folder / "slides" / "001.png") as first:
        assert first.size == (960, 540)  # a 13.33 × 7.5 in slide at 72 pixels an inch
        low, high = first.convert("L").getextrema()
        assert high - low > 100  # something is drawn on it
    for name in ("slides", "handout", "facilitator-guide"):
        with Image.open(folder / f"{name}-contact-sheet.png") as sheet:
            assert sheet.width > 320 and sheet.height > 100


def test_a_preview_after_slides_were_removed_leaves_no_stale_pictures(write_module, minimal_text: str) -> None:
    longer = minimal_text.replace(
        "        notes: Say the first point slowly.\n",
        "        notes: Say the first point slowly.\n"
        + "".join(f"      - title: Extra {n}\n        bullets: [Point {n}]\n" for n in range(4)),
    )
    path = write_module(longer)
    assert invoke("preview", str(path), "--out", "out").exit_code == 0
    before = pictures(Path("out/minimal/en/preview/slides"))
    path.write_text(minimal_text, encoding="utf-8")
    assert invoke("preview", str(path), "--out", "out").exit_code == 0
    after = pictures(Path("out/minimal/en/preview/slides"))
    assert len(after) == len(before) - 4


def test_an_invalid_module_is_reported_and_nothing_is_drawn(write_module, minimal_text: str) -> None:
    path = write_module(minimal_text.replace("duration: 30", "duration: thirty"))
    result = invoke("preview", str(path), "--out", "out")
    assert result.exit_code == 1
    assert "duration" in result.output
    assert not Path("out").exists()


def _slide_one(folder: Path) -> bytes:
    try:
        return (folder / "001.png").read_bytes()
    except OSError:
        return b""


def test_watch_with_preview_draws_fresh_pictures_after_a_save(tmp_path: Path, minimal_text: str) -> None:
    (tmp_path / "modules").mkdir()
    module = tmp_path / "modules" / "minimal.yaml"
    module.write_text(minimal_text, encoding="utf-8")
    slides = tmp_path / "output" / "minimal" / "en" / "preview" / "slides"
    log = tmp_path / "watch.log"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / ".cache")}
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "toolkit", "watch", "--jobs", "1", "--preview"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        try:
            _wait_for(lambda: "Watching" in log.read_text() and _slide_one(slides), "the first preview")
            first = _slide_one(slides)
            previous = module.stat().st_mtime
            module.write_text(minimal_text.replace("title: Minimal module", "title: Edited module"), encoding="utf-8")
            later = max(time.time(), previous) + 2
            os.utime(module, (later, later))
            _wait_for(lambda: _slide_one(slides) not in (b"", first), "the fresh preview")
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=WAIT_SECONDS)
    with Image.open(io.BytesIO(_slide_one(slides))) as picture:
        assert picture.size == (960, 540)
    assert "Traceback" not in log.read_text()


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.2)
