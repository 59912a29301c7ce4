"""Runs side by side and killed runs (issue 22, medium findings): one writer per output folder, no orphans."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.core import output
from toolkit.core.bundled import TEMPLATES
from toolkit.core.output import LOCK_FILE, output_lock

PROJECT = Path(__file__).parents[2]
SHIPPED = sorted((PROJECT / "modules").glob("*.yaml"))
WAIT_SECONDS = 60
needs_flock = pytest.mark.skipif(sys.platform == "win32", reason="the lock is tested where fcntl.flock exists")


def toolkit(*arguments: str | Path) -> list[str]:
    """Return the command line that runs the toolkit with these arguments."""
    return [sys.executable, "-m", "toolkit", *map(str, arguments)]


def temporaries(folder: Path) -> list[Path]:
    """Return the temporary files (staged or kept for putting back) under `folder`."""
    return sorted(folder.rglob(".*.tmp"))


def wait_for(condition, what: str) -> None:
    """Wait until `condition()` holds, failing after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


@pytest.fixture
def minimal_project(tmp_path, minimal_text) -> Path:
    """Return the folder holding modules/minimal.yaml."""
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "minimal.yaml").write_text(minimal_text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def lock_held_elsewhere():
    """Return a function that holds an output folder's lock in a thread until the returned event is set."""
    started: list[threading.Thread] = []
    release = threading.Event()

    def hold(out: Path) -> threading.Event:
        held = threading.Event()

        def run() -> None:
            with output_lock(out):
                held.set()
                release.wait(WAIT_SECONDS)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        started.append(thread)
        assert held.wait(WAIT_SECONDS)
        return release

    yield hold
    release.set()
    for thread in started:
        thread.join(WAIT_SECONDS)


# --- two builds into one --out ----------------------------------------------------------------------


@needs_flock
def test_two_builds_into_one_folder_both_succeed_and_leave_no_temporaries(tmp_path):
    out = tmp_path / "out"
    modules = SHIPPED[:8]
    command = toolkit("build", "--force", "--jobs", "2", "--out", out, *modules)
    for round_ in range(5):
        processes = [
            subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)
        ]
        results = [(process.communicate(timeout=WAIT_SECONDS)[1], process.returncode) for process in processes]
        for messages, code in results:
            assert code == 0, f"round {round_}: exit {code}\n{messages}"
            assert "internal error" not in messages
        assert temporaries(out) == [], f"round {round_}"


@needs_flock
def test_a_second_build_waits_for_the_first_and_says_so_once(minimal_project, lock_held_elsewhere):
    release = lock_held_elsewhere(Path("output"))
    threading.Timer(1.0, release.set).start()
    result = CliRunner().invoke(main, ["build", "minimal"])
    assert result.exit_code == 0, result.output
    assert result.output.count("waiting for another build in output/ …") == 1
    assert Path("output/minimal/en/minimal-slides.pptx").is_file()


@needs_flock
def test_a_build_that_waits_past_the_time_limit_fails_clearly_and_writes_nothing(
    minimal_project, lock_held_elsewhere, monkeypatch
):
    monkeypatch.setattr(output, "LOCK_TIMEOUT_SECONDS", 0.3)
    lock_held_elsewhere(Path("output"))
    result = CliRunner().invoke(main, ["build", "minimal"])
    assert result.exit_code == 1, result.output
    assert "another build has been writing into output/ for more than 0.3 seconds" in result.output
    assert "[output.locked]" in result.output and "internal error" not in result.output
    assert sorted(p.name for p in Path("output").iterdir()) == [LOCK_FILE]


def test_a_failed_build_into_a_new_folder_leaves_no_folder(minimal_project):
    Path("modules/minimal.yaml").write_text("id: minimal\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "minimal", "--out", "new/output"])
    assert result.exit_code == 1, result.output
    assert not Path("new").exists(), "the lock's folder is removed when nothing was written"


def test_temporaries_of_a_running_build_are_kept_and_of_a_finished_one_removed(minimal_project):
    assert CliRunner().invoke(main, ["build", "minimal"]).exit_code == 0
    folder = Path("output/minimal/en")
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = folder / f".minimal-slides.pptx.{finished.stdout.strip()}.tmp"
        dead_backup = folder / f".minimal-handout.docx.{finished.stdout.strip()}.old.tmp"
        alive = folder / f".minimal-slides.pptx.{running.pid}.tmp"
        for path in (dead, dead_backup, alive):
            path.write_bytes(b"staged")
        result = CliRunner().invoke(main, ["build", "minimal"])
        assert "Nothing to do" in result.output, "the next run cleans even when it builds nothing"
        assert temporaries(folder) == [alive], "only the running process's file is kept"
        assert CliRunner().invoke(main, ["build", "minimal", "--force"]).exit_code == 0
        assert alive.exists(), "a build never removes another running process's staged file"
    finally:
        running.kill()
        running.wait()


@needs_flock
def test_watch_waits_for_an_overlapping_build_and_keeps_watching(minimal_project, minimal_text, lock_held_elsewhere):
    module = minimal_project / "modules" / "minimal.yaml"
    deck = minimal_project / "output" / "minimal" / "en" / "minimal-slides.pptx"
    log = minimal_project / "watch.log"
    env = {**os.environ, "XDG_CACHE_HOME": str(minimal_project / ".cache")}
    with log.open("w") as stderr:
        watch = subprocess.Popen(
            toolkit("watch", "--jobs", "1"), cwd=minimal_project, env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        try:
            wait_for(lambda: "Watching" in log.read_text(), "the first build")
            release = lock_held_elsewhere(minimal_project / "output")
            before = deck.stat().st_mtime_ns
            save(module, minimal_text.replace("title: Minimal module", "title: Edited module"))
            wait_for(lambda: "waiting for another build" in log.read_text(), "watch to wait for the lock")
            release.set()
            wait_for(lambda: deck.stat().st_mtime_ns != before, "the rebuilt deck")
            for round_ in range(3):  # builds overlapping watch's rebuilds
                save(module, minimal_text.replace("title: Minimal module", f"title: Round {round_}"))
                build = subprocess.run(
                    toolkit("build", "--force", "--jobs", "1"), cwd=minimal_project, env=env, capture_output=True
                )
                assert build.returncode == 0, build.stderr
            time.sleep(1)
            assert watch.poll() is None, log.read_text()
        finally:
            watch.send_signal(signal.SIGINT)
            watch.wait(timeout=WAIT_SECONDS)
    assert "internal error" not in log.read_text()
    assert temporaries(minimal_project / "output") == []


def save(path: Path, text: str) -> None:
    """Write `text` as an editor saves it, with a modification time seconds later than the last (see test_watch)."""
    previous = path.stat().st_mtime
    path.write_text(text, encoding="utf-8")
    later = max(time.time(), previous) + 2
    os.utime(path, (later, later))


# --- kill -9 of a multi-module build ------------------------------------------------------------------

has_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="processes are listed from /proc")


def children_of(pid: int) -> set[int]:
    """Return the ids of the living processes whose parent is `pid` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    """Return True while process `pid` exists and is not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@has_proc
def test_killing_a_multi_module_build_leaves_no_worker_running(tmp_path):
    slow = tmp_path / "slow"  # each deck takes about a second: the build is killed while workers render
    slow.mkdir()
    busy = "{% for i in range(2000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}"
    (slow / "slides.md.j2").write_text(busy + (TEMPLATES / "slides.md.j2").read_text(encoding="utf-8"))
    command = toolkit("build", "--force", "--jobs", "2", "--templates", slow, "--out", tmp_path / "out", *SHIPPED)
    build = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: len(children_of(build.pid)) >= 2, "two worker processes")
        workers = children_of(build.pid)
        build.send_signal(signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 10
        while any(running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if running(pid)], "workers outlived their build"
        assert build.stdout.read() is not None  # the pipe is closed: reading it ends (no worker holds it)
    finally:
        build.kill()
        build.stdout.close()


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="POSIX permissions; root writes anywhere")
def test_an_output_folder_that_cannot_be_written_is_a_clear_error(minimal_project):
    Path("locked").mkdir()
    Path("locked").chmod(0o500)
    try:
        result = CliRunner().invoke(main, ["build", "minimal", "--out", "locked/output"])
    finally:
        Path("locked").chmod(0o700)
    assert result.exit_code == 1, result.output
    assert "cannot write into locked/output/" in result.output and "[output.unwritable]" in result.output


def test_an_output_folder_under_a_file_is_a_clear_error(minimal_project):
    Path("notes.txt").write_text("not a folder")
    result = CliRunner().invoke(main, ["build", "minimal", "--out", "notes.txt/output"])
    assert result.exit_code == 1, result.output
    assert "cannot write into notes.txt/output/: Not a directory" in result.output
    assert "[output.unwritable]" in result.output and "internal error" not in result.output
