"""Build a session pack: load and check the pack file, render every file in memory, then write them all.

Files land in `OUT/packs/<id>/` with a `manifest.json` (every file's SHA-256 and the toolkit
version) and, beside the folder, `OUT/packs/<id>.zip` holding the same files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from toolkit import __version__
from toolkit.build.pipeline import BuildOptions, OutputFile, paper_for
from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, has_errors
from toolkit.core.output import deflate, write_atomic, zip_archive
from toolkit.pack.checks import check_pack
from toolkit.pack.loader import load_pack
from toolkit.pack.render import PackDocuments, render_pack

MANIFEST = "manifest.json"


@dataclass
class PackReport:
    """What building a pack wrote, and every diagnostic it met."""

    written: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def pack_folder(out: Path, pack_id: str) -> Path:
    """Return the folder a pack's files go in: `OUT/packs/<id>/`."""
    return out / "packs" / pack_id


def _files(documents: PackDocuments, paper: str) -> list[OutputFile]:
    """Return every file of the pack, rendered in memory, with paths relative to the pack's folder."""
    from toolkit.writers.docx import write_document
    from toolkit.writers.markdown import document_markdown
    from toolkit.writers.pptx import write_deck

    files = [
        OutputFile(Path("agenda.docx"), write_document(documents.agenda, None, paper)),
        OutputFile(Path("agenda.md"), document_markdown(documents.agenda).encode("utf-8")),
        OutputFile(Path("participant-booklet.docx"), write_document(documents.booklet, None, paper)),
        OutputFile(Path("facilitator-guide.docx"), write_document(documents.guide, None, paper)),
        OutputFile(Path("materials-and-printing.docx"), write_document(documents.materials, None, paper)),
        OutputFile(Path("evaluation-form.docx"), write_document(documents.evaluation, None, paper)),
        OutputFile(Path("attendance-sheet.docx"), write_document(documents.attendance, None, paper)),
    ]
    for module_documents in documents.modules:
        module_id = module_documents.planned.module.id
        folder = Path("modules") / module_id
        files += [
            OutputFile(folder / f"{module_id}-slides.pptx", write_deck(module_documents.deck, None)),
            OutputFile(folder / f"{module_id}-handout.docx", write_document(module_documents.handout, None, paper)),
            OutputFile(
                folder / f"{module_id}-facilitator-guide.docx", write_document(module_documents.guide, None, paper)
            ),
        ]
    return files


def manifest(pack_id: str, files: list[OutputFile]) -> OutputFile:
    """Return the manifest: the toolkit version and every file's path, size and SHA-256, sorted by path."""
    entries = [
        {
            "path": f.path.as_posix(),
            "bytes": len(f.data),
            "sha256": hashlib.sha256(f.data).hexdigest(),
        }
        for f in sorted(files, key=lambda f: f.path.as_posix())
    ]
    data = {"pack": pack_id, "toolkit_version": __version__, "files": entries}
    return OutputFile(Path(MANIFEST), (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def zip_bytes(pack_id: str, files: list[OutputFile]) -> bytes:
    """Return a zip of the files in a folder named `pack_id`; sorted entries and fixed dates make it reproducible."""
    ordered = sorted(files, key=lambda f: f.path.as_posix())
    return zip_archive([(f"{pack_id}/{output.path.as_posix()}", deflate(output.data)) for output in ordered])


def _stale(folder: Path, keep: list[OutputFile]) -> list[Path]:
    """Return files an earlier build of the pack wrote (by its manifest) that this build no longer makes."""
    try:
        earlier = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    kept = {f.path.as_posix() for f in keep}
    names = [entry.get("path", "") for entry in earlier if isinstance(entry, dict)]
    # Only plain relative names inside the folder: the manifest on disk could have been edited.
    return [
        folder / name for name in names if name not in kept and ".." not in name.split("/") and not name.startswith("/")
    ]


def build_pack(path: Path, out: Path = Path("output"), strict: bool = False) -> PackReport:
    """Return what building the pack file at `path` wrote; nothing is written unless it is valid.

    The pack and its modules are checked (with `strict`, a warning counts as an error), every
    file is rendered in memory, and only then are files renamed into place, so a failure
    anywhere leaves earlier outputs untouched.
    """
    loaded = load_pack(path)
    schedule = check_pack(loaded)
    report = PackReport(diagnostics=loaded.diagnostics)
    failed = has_errors(report.diagnostics) or (strict and bool(report.diagnostics))
    if schedule is None or loaded.pack is None or failed:
        return report
    pack = loaded.pack
    paper = paper_for(loaded.modules[0].module, BuildOptions(paper=pack.paper))
    try:
        files = _files(render_pack(pack, loaded.modules, schedule), paper)
        files.append(manifest(pack.id, files))
        archive = zip_bytes(pack.id, files)
    except DiagnosticsError as exc:
        report.diagnostics.extend(exc.diagnostics)
        return report
    folder = pack_folder(out, pack.id)
    stale = _stale(folder, files)
    for output in files:
        write_atomic(folder / output.path, output.data)
        report.written.append(folder / output.path)
    write_atomic(folder.with_suffix(".zip"), archive)
    report.written.append(folder.with_suffix(".zip"))
    for old in stale:
        old.unlink(missing_ok=True)
    return report
