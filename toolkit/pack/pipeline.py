"""Build a session pack: load and check the pack file, render every file in memory, then put them all in place.

Files land in `OUT/packs/<id>/` with a `manifest.json` (every file's SHA-256 and the toolkit
version) and, beside the folder, `OUT/packs/<id>.zip` holding the same files. The modules'
files are made by the build (`build.pipeline.render_module_documents`, as `ssr-toolkit build`
makes them, with the same templates and options); the folder and zip are put in place as one
(`pack.publish`).
"""

from __future__ import annotations

import errno
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from toolkit import __version__
from toolkit.build.options import DEFAULT_FORMATS, BuildOptions
from toolkit.build.pipeline import OutputFile, english_labels, paper_for, render_module_documents
from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, Severity, has_errors
from toolkit.core.output import deflate, output_lock, zip_archive
from toolkit.pack.agenda import session_plans
from toolkit.pack.checks import check_pack
from toolkit.pack.loader import LoadedPack, load_pack
from toolkit.pack.publish import MANIFEST, publish_pack
from toolkit.pack.render import PackDocuments, render_pack
from toolkit.pack.schedule import Schedule
from toolkit.render.doctree import Document
from toolkit.writers.written import unique


@dataclass
class PackReport:
    """What building a pack wrote (the zip last), and every diagnostic it met."""

    written: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def pack_folder(out: Path, pack_id: str) -> Path:
    """Return the folder a pack's files go in: `OUT/packs/<id>/`."""
    return out / "packs" / pack_id


def _own_files(
    documents: PackDocuments, options: BuildOptions, paper: str, warnings: list[Diagnostic]
) -> list[OutputFile]:
    """Return the workshop's own files, written in memory with the build's reference document and paper, and
    as PDF too when the build makes PDFs; the writer's warnings are added to `warnings`."""
    from toolkit.writers.docx import write_document
    from toolkit.writers.markdown import document_markdown
    from toolkit.writers.written import Written

    def write(name: str, document: Document) -> list[OutputFile]:
        written: list[tuple[str, Written]] = [(f"{name}.docx", write_document(document, options.docx_reference, paper))]
        if "pdf" in options.formats:
            from toolkit.writers.pdf.document import write_document_pdf

            written.append((f"{name}.pdf", write_document_pdf(document, paper)))
        for _, output in written:
            warnings.extend(output.warnings)
        return [OutputFile(Path(file_name), output.data) for file_name, output in written]

    return [
        *write("agenda", documents.agenda),
        OutputFile(Path("agenda.md"), document_markdown(documents.agenda).encode("utf-8")),
        *write("participant-booklet", documents.booklet),
        *write("facilitator-guide", documents.guide),
        *write("materials-and-printing", documents.materials),
        *write("evaluation-form", documents.evaluation),
        *write("attendance-sheet", documents.attendance),
    ]


def render_files(
    loaded: LoadedPack, schedule: Schedule, options: BuildOptions
) -> tuple[list[OutputFile], list[Diagnostic]]:
    """Return every file of a checked pack, rendered in memory, with paths relative to the pack's folder,
    and the writers' warnings, each once.

    Each module is built as `build` builds it, on the workshop's clock; its handout and guide
    then go into the booklet and the combined guide.
    """
    assert loaded.pack is not None
    plans = session_plans(schedule, loaded.modules)
    module_files: list[OutputFile] = []
    trees: list[tuple[Document, Document]] = []
    warnings: list[Diagnostic] = []
    for planned in loaded.modules:
        rendered = render_module_documents(planned.module, options, tuple(plans[planned.index]))
        assert rendered.handout is not None and rendered.guide is not None
        trees.append((rendered.handout, rendered.guide))
        warnings.extend(rendered.warnings)
        folder = Path("modules") / planned.module.id
        module_files += [OutputFile(folder / output.path.name, output.data) for output in rendered.files]
    template_dirs = options.render_options().template_dirs
    documents = render_pack(loaded.pack, loaded.modules, schedule, trees, template_dirs)
    paper = paper_for(loaded.modules[0].module, options)
    files = _own_files(documents, options, paper, warnings) + module_files
    return files, unique(warnings)


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


def build_pack(
    path: Path,
    out: Path = Path("output"),
    strict: bool = False,
    *,
    templates: Path | None = None,
    pptx_template: Path | None = None,
    docx_reference: Path | None = None,
    allow_template_issues: bool = False,
    pdf: bool = False,
) -> PackReport:
    """Return what building the pack file at `path` wrote; nothing is written unless it is valid.

    The pack and its modules are checked (with `strict`, a warning counts as an error),
    every file is rendered in memory with the user's `templates` folder, `pptx_template`
    and `docx_reference` as `build` uses them (`allow_template_issues` too; with `pdf`, every
    document and each module's five PDFs as accessible PDF too), and only then is the pack put
    in place as a whole (`pack.publish`), so a failure anywhere leaves the earlier folder and
    zip untouched.
    """
    loaded = load_pack(path)
    schedule = check_pack(loaded)
    report = PackReport(diagnostics=loaded.diagnostics)
    failed = has_errors(report.diagnostics) or (strict and bool(report.diagnostics))
    if schedule is None or loaded.pack is None or failed:
        return report
    pack = loaded.pack
    modules = [planned.module for planned in loaded.modules]
    options = BuildOptions(
        out=out,
        formats=(*DEFAULT_FORMATS, "pdf") if pdf else DEFAULT_FORMATS,
        paper=paper_for(modules[0], BuildOptions(paper=pack.paper)),
        participants=pack.participants,
        pptx_template=pptx_template,
        docx_reference=docx_reference,
        allow_template_issues=allow_template_issues,
        templates=templates,
    )
    report.diagnostics.extend(english_labels(list(modules)))
    if strict and report.diagnostics:
        return report
    try:
        files, warnings = render_files(loaded, schedule, options)
        report.diagnostics.extend(warnings)
        if strict and warnings:
            return report
        files.append(manifest(pack.id, files))
        archive = zip_bytes(pack.id, files)
    except DiagnosticsError as exc:
        report.diagnostics.extend(exc.diagnostics)
        return report
    packs = pack_folder(out, pack.id).parent
    try:
        with output_lock(out):
            report.written = publish_pack(packs, pack.id, files, archive)
    except DiagnosticsError as exc:  # the output folder stayed locked too long
        report.diagnostics.extend(exc.diagnostics)
    except OSError as exc:
        report.diagnostics.append(_write_error(packs, pack.id, exc))
    return report


def _write_error(packs: Path, pack_id: str, exc: OSError) -> Diagnostic:
    """Return the error for a pack that could not be written: where, why, and that the earlier one is intact."""
    reason = exc.strerror or str(exc)
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        advice = "free some space there, or choose another --out"
    else:
        advice = "check that you may write there and that no file of the pack is open in another program, "
        advice += "or choose another --out"
    message = (
        f"cannot write the pack into {packs}/: {reason}{where}; {advice}. "
        f"The pack there before ({pack_id}/ and {pack_id}.zip) is unchanged."
    )
    return Diagnostic(str(packs / pack_id), None, Severity.ERROR, message, "output.unwritable")
