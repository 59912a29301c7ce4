"""`watch`: a build after every saved change to a module, image or template; never after its own output."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pptx import Presentation

from toolkit.build.options import BuildOptions
from toolkit.cli.watching import is_source_change, watch_and_build, watched_folders
from toolkit.core.bundled import TEMPLATES

WAIT_SECONDS = 60  # how long the real-events test waits for the toolkit to react, on a slow machine


def test_source_files_are_changes_and_output_or_editor_files_are_not(tmp_path):
    out = tmp_path / "output"
    assert is_source_change(tmp_path / "modules" / "peru-trc.yaml", out)
    assert is_source_change(tmp_path / "modules" / "images" / "map.PNG", out)
    assert is_source_change(TEMPLATES / "slides.md.j2", out)
    assert not is_source_change(out / "peru-trc" / "en" / "peru-trc-slides.pptx", out)
    assert not is_source_change(tmp_path / "modules" / ".peru-trc.yaml.swp", out)
    assert not is_source_change(tmp_path / "modules" / "sed5OoFkA", out)  # sed -i's temporary file
    assert not is_source_change(tmp_path / "~$handout.docx", out)  # Word's lock file


def test_the_folders_of_modules_templates_and_office_templates_are_watched(tmp_path):
    (tmp_path / "brand").mkdir()
    options = BuildOptions(templates=tmp_path / "mine", pptx_template=tmp_path / "brand" / "deck.pptx")
    folders = watched_folders([tmp_path / "modules" / "a.yaml", tmp_path / "modules" / "b.yaml"], options)
    assert set(folders) == {
        (tmp_path / "modules").resolve(),
        TEMPLATES.resolve(),
        (tmp_path / "mine").resolve(),
        (tmp_path / "brand").resolve(),
    }


def test_it_builds_once_then_after_each_batch_with_a_source_change(tmp_path, capsys):
    builds = []
    out = tmp_path / "output"
    batches = [
        {(1, str(tmp_path / "modules" / "m.yaml"))},
        {(2, str(out / "m" / "en" / "m-slides.pptx"))},  # the build's own output
        {(1, str(tmp_path / "modules" / ".m.yaml.swp")), (1, str(tmp_path / "modules" / "photo.png"))},
    ]
    watch_and_build(lambda: builds.append(len(builds)), [tmp_path / "modules"], out, batches)
    assert builds == [0, 1, 2]
    messages = capsys.readouterr().err
    assert "Changed: m.yaml" in messages
    assert "Changed: photo.png" in messages
    assert messages.rstrip().endswith("Stopped watching.")


def test_a_quiet_spell_finds_a_save_no_event_reported(tmp_path, capsys):
    modules = tmp_path / "modules"
    modules.mkdir()
    module = modules / "m.yaml"
    module.write_text("id: m\n")
    builds = []

    def changes():
        yield set()  # quiet, and nothing changed: no build
        save(module, "id: m\ntitle: Saved twice within a second\n")
        yield set()  # quiet, but the file changed without an event (as polling can miss it)

    watch_and_build(lambda: builds.append(len(builds)), [modules], tmp_path / "output", changes())
    assert builds == [0, 1]
    assert "Changed: m.yaml" in capsys.readouterr().err


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.2)


def save(path: Path, text: str) -> None:
    """Write `text` as an editor saves it, with a modification time seconds later than the last.

    Where watchfiles has to poll (some network and virtual file systems), it compares
    modification times in whole seconds, so two saves within one second look like one.
    """
    previous = path.stat().st_mtime
    path.write_text(text, encoding="utf-8")
    later = max(time.time(), previous) + 2
    os.utime(path, (later, later))


def _deck_title(deck: Path) -> str:
    try:
        return Presentation(str(deck)).slides[0].shapes.title.text_frame.text
    except Exception:  # not written yet, or being replaced
        return ""


def test_saving_a_module_rebuilds_it_and_ctrl_c_stops(tmp_path, minimal_text):
    (tmp_path / "modules").mkdir()
    module = tmp_path / "modules" / "minimal.yaml"
    module.write_text(minimal_text, encoding="utf-8")
    deck = tmp_path / "output" / "minimal" / "en" / "minimal-slides.pptx"
    log = tmp_path / "watch.log"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / ".cache")}
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "toolkit", "watch", "--jobs", "1"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        try:
            _wait_for(lambda: "Watching" in log.read_text(), "the first build")
            assert _deck_title(deck) == "Minimal module"

            save(module, minimal_text.replace("duration: 30", "duration: thirty"))
            _wait_for(lambda: "Nothing was written." in log.read_text(), "the error to be reported")
            assert "minimal.yaml:5:11: error: duration" in log.read_text()

            save(module, minimal_text.replace("title: Minimal module", "title: Edited module"))
            _wait_for(lambda: _deck_title(deck) == "Edited module", "the rebuilt deck")
        finally:
            process.send_signal(signal.SIGINT)
            returncode = process.wait(timeout=WAIT_SECONDS)
    messages = log.read_text()
    assert returncode in (0, 130)  # stopped while waiting (0) or during a build (130): never a traceback
    assert "Traceback" not in messages and "KeyboardInterrupt" not in messages
    last_words = "Stopped watching." if returncode == 0 else "nothing half-written was left behind."
    assert messages.rstrip().endswith(last_words)
