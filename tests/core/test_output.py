"""Writes are atomic, reproducible and never leave temporary files behind."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from toolkit.build.incremental import STATE_FILE
from toolkit.core import output
from toolkit.core.output import LOCK_FILE, deflate, write_atomic, zip_archive

PROJECT = Path(__file__).parents[2]


def test_write_atomic_replaces_and_uses_the_normal_mode(tmp_path):
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"old")
    (tmp_path / ".deck.pptx.999.tmp").write_bytes(b"left by a killed build")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_zip_archive_is_readable_dated_from_the_build_and_keeps_order(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    files = {"[Content_Types].xml": b"<x/>", "b.xml": b"<b/>" * 500, "dossier/é.txt": b""}
    data = zip_archive([(name, deflate(content)) for name, content in files.items()])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None  # every CRC-32 checks out
        assert {name: archive.read(name) for name in archive.namelist()} == files
        entries = archive.infolist()
    assert [e.filename for e in entries] == list(files)
    assert {e.date_time for e in entries} == {(2023, 11, 14, 22, 13, 20)}
    assert {(e.create_system, e.external_attr, e.compress_type) for e in entries} == {(0, 0, zipfile.ZIP_DEFLATED)}
    assert zip_archive([(name, deflate(content)) for name, content in files.items()]) == data


def test_zip_archive_refuses_what_needs_zip64():
    with pytest.raises(ValueError, match="ZIP64"):
        zip_archive([(f"{n}.xml", deflate(b"")) for n in range(0x10000)])


def _build_command(out: Path, module: Path) -> list[str]:
    return [sys.executable, "-m", "toolkit", "build", str(module), "--out", str(out)]


def _digests(folder: Path) -> dict[str, str]:
    """Return the SHA-256 of every output file (the incremental build's own record and lock left out)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in (STATE_FILE, LOCK_FILE)
    }


def test_reproducible_across_hash_seed_time_zone_and_working_folder(tmp_path):
    module = PROJECT / "modules" / "police-reform.yaml"
    runs = []
    for seed, zone, cwd in (("1", "UTC", tmp_path), ("4242", "Asia/Kathmandu", PROJECT / "docs")):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": zone}
        env.pop("SOURCE_DATE_EPOCH", None)
        subprocess.run(_build_command(out, module), cwd=cwd, env=env, check=True, capture_output=True)
        runs.append(_digests(out))
        time.sleep(1.1)  # a different clock second for the second run
    assert runs[0] == runs[1]
    assert len(runs[0]) == 3


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_killed_builds_leave_old_or_complete_files_and_no_temporaries(tmp_path, seed):
    module = PROJECT / "modules" / "peru-trc.yaml"
    out = tmp_path / "out"
    subprocess.run(_build_command(out, module), check=True, capture_output=True)
    complete = _digests(out)
    rng = random.Random(seed)
    for _ in range(3):
        command = [*_build_command(out, module), "--force"]  # else the build finds nothing to do
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        for name, digest in _digests(out).items():
            if not Path(name).name.startswith("."):
                assert digest == complete[name], f"{name} is neither the previous nor a complete new file"
    subprocess.run([*_build_command(out, module), "--force"], check=True, capture_output=True)
    assert _digests(out) == complete
    assert not list(out.rglob("*.tmp")), "the next build removes temporary files"


@pytest.mark.parametrize("value", ["yesterday", "1.5", "99999999999999999999"])
def test_a_malformed_source_date_epoch_is_an_error(monkeypatch, value):
    from toolkit.core.diagnostics import DiagnosticsError
    from toolkit.core.output import build_epoch

    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(DiagnosticsError, match="SOURCE_DATE_EPOCH must be a whole number of seconds"):
        build_epoch()


def test_a_full_disk_while_staging_names_the_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    def full_disk(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full_disk)
    target = tmp_path / "out" / "x-slides.pptx"
    with pytest.raises(OSError) as raised:
        output.stage(target, b"data")
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == str(target)
    assert list(target.parent.iterdir()) == []
