"""The page `watch --preview --serve` shows: the previews, on 127.0.0.1 only, reloading when they change."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.cli.preview_server import serve_previews

WAIT_SECONDS = 90


def fetch(port: int, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


@pytest.fixture
def previewed(write_module, minimal_text: str) -> Path:
    path = write_module(minimal_text)
    assert CliRunner().invoke(main, ["preview", str(path), "--out", "out"]).exit_code == 0
    return Path("out")


def test_the_page_lists_the_previews_and_serves_them_on_the_loopback_address(previewed: Path) -> None:
    server = serve_previews(previewed)
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        status, page = fetch(port, "/")
        assert status == 200
        assert b"minimal (en)" in page and b"slides-contact-sheet.png" in page and b"slides/001.png" in page
        status, picture = fetch(port, "/minimal/en/preview/slides/001.png")
        assert status == 200 and picture.startswith(b"\x89PNG")
        state = json.loads(fetch(port, "/state")[1])
        assert state["changed"] >= (previewed / "minimal/en/preview/slides/001.png").stat().st_mtime_ns
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "path",
    [
        "/minimal/en/minimal-slides.pdf",  # not a preview picture
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/minimal/en/preview/../../../../etc/passwd",
        "/.ssr-build-state.json",
    ],
)
def test_nothing_but_preview_pictures_is_served(previewed: Path, path: str) -> None:
    (previewed / "minimal/en/minimal-slides.pdf").write_bytes(b"%PDF-1.7 secret")
    server = serve_previews(previewed)
    try:
        status, body = fetch(server.server_address[1], path)
        assert status == 404 and b"secret" not in body and b"root:" not in body
    finally:
        server.shutdown()
        server.server_close()


def test_the_state_changes_when_a_preview_is_drawn_again(previewed: Path, write_module, minimal_text: str) -> None:
    server = serve_previews(previewed)
    try:
        port = server.server_address[1]
        before = json.loads(fetch(port, "/state")[1])["changed"]
        picture = previewed / "minimal/en/preview/slides/001.png"
        later = time.time() + 5
        os.utime(picture, (later, later))
        assert json.loads(fetch(port, "/state")[1])["changed"] > before
    finally:
        server.shutdown()
        server.server_close()


def test_watch_serve_shows_the_page_and_stops_with_watch(tmp_path: Path, minimal_text: str) -> None:
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "minimal.yaml").write_text(minimal_text, encoding="utf-8")
    log = tmp_path / "watch.log"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / ".cache")}
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "toolkit", "watch", "--jobs", "1", "--serve", "0"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        try:
            deadline = time.monotonic() + WAIT_SECONDS
            while "Watching" not in log.read_text():
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
            port = int(log.read_text().split("http://127.0.0.1:")[1].split("/")[0])
            status, page = fetch(port, "/")
            assert status == 200 and b"slides/001.png" in page  # --serve draws the previews too
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=WAIT_SECONDS)
    assert "Traceback" not in log.read_text()
