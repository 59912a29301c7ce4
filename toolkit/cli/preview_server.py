"""A page on 127.0.0.1 that shows the previews `watch --preview` draws, and reloads itself when they change.

It serves only the output folder's preview pictures (`OUT/<id>/<language>/preview/…png`), a
generated index of them, and `/state` (when a picture last changed), which the page asks for
every second; it listens on the loopback address only and ends with `watch`.
"""

from __future__ import annotations

import html
import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

PREVIEW_GLOB = "*/*/preview"
RELOAD_SCRIPT = """
<script>
let seen = null;
async function poll() {
  try {
    const state = await (await fetch('/state', {cache: 'no-store'})).json();
    if (seen !== null && state.changed !== seen) { location.reload(); }
    seen = state.changed;
  } catch (e) {}
  setTimeout(poll, 1000);
}
poll();
</script>
"""


def preview_pictures(out: Path) -> list[Path]:
    """Return every preview picture in the output folder, contact sheets first, in a stable order."""
    pictures = []
    for folder in sorted(out.glob(PREVIEW_GLOB)):
        pictures += sorted(folder.glob("*-contact-sheet.png"))
        pictures += sorted(folder.glob("*/[0-9][0-9][0-9].png"))
    return pictures


def last_change(out: Path) -> int:
    """Return the latest modification time (ns) of any preview picture, 0 when there is none."""
    times = []
    for picture in preview_pictures(out):
        try:
            times.append(picture.stat().st_mtime_ns)
        except OSError:  # replaced while we looked
            continue
    return max(times, default=0)


def index_page(out: Path) -> str:
    """Return the page: each module's contact sheets, then each slide and page, newest pictures by their time."""
    sections = []
    for folder in sorted(out.glob(PREVIEW_GLOB)):
        module = folder.parent.parent.name
        language = folder.parent.name
        images = []
        for picture in sorted(folder.glob("*-contact-sheet.png")) + sorted(folder.glob("slides/[0-9][0-9][0-9].png")):
            relative = picture.relative_to(out).as_posix()
            stamp = picture.stat().st_mtime_ns if picture.exists() else 0
            label = html.escape(picture.relative_to(folder).as_posix())
            image = f'<img src="/{html.escape(relative)}?v={stamp}" alt="{label}">'
            images.append(f"<figure>{image}<figcaption>{label}</figcaption></figure>")
        sections.append(f"<h2>{html.escape(module)} ({html.escape(language)})</h2>" + "".join(images))
    body = "".join(sections) or "<p>No previews yet: they appear after the first build.</p>"
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Previews</title>"
        "<style>body{font-family:sans-serif;margin:2em}img{max-width:100%;border:1px solid #999}"
        "figure{margin:1em 0}</style></head><body><h1>Previews</h1>"
        f"{body}{RELOAD_SCRIPT}</body></html>"
    )


def serve_previews(out: Path, port: int = 0) -> ThreadingHTTPServer:
    """Start serving the previews of `out` on 127.0.0.1:`port` (0: any free port) in a background thread;
    return the server (its `server_address` says the port; `shutdown()` stops it)."""
    root = out.resolve()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            if path in ("/", "/index.html"):
                self._send(index_page(root).encode("utf-8"), "text/html; charset=utf-8")
            elif path == "/state":
                self._send(json.dumps({"changed": last_change(root)}).encode("utf-8"), "application/json")
            else:
                self._picture(path)

        def _picture(self, path: str) -> None:
            """Send a preview picture the index lists; anything else is not found."""
            wanted = (root / path.lstrip("/")).resolve()
            if wanted not in set(preview_pictures(root)):
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            try:
                data = wanted.read_bytes()
            except OSError:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            self._send(data, "image/png")

        def _send(self, data: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            """Say nothing: the terminal is watch's."""

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="preview-server", daemon=True).start()
    return server
