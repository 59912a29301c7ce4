"""`ssr-toolkit pack --pdf`: the workshop's own documents and every module's five PDFs, in the folder and the zip."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import page
from click.testing import CliRunner
from pypdf import PdfReader

from toolkit.cli import main

OWN = (
    "agenda",
    "participant-booklet",
    "facilitator-guide",
    "materials-and-printing",
    "evaluation-form",
    "attendance-sheet",
)
MODULE_PDFS = ("handout", "facilitator-guide", "slides", "notes-pages", "slide-handout")


def test_a_pack_with_pdf_has_every_document_as_accessible_pdf_in_folder_zip_and_manifest(small_pack: Path) -> None:
    result = CliRunner().invoke(main, ["pack", str(small_pack), "--pdf", "--out", "out"])
    assert result.exit_code == 0, result.output
    folder = Path("out/packs/small")
    expected = [f"{name}.pdf" for name in OWN] + [
        f"modules/{module}/{module}-{kind}.pdf" for module in ("alpha", "beta") for kind in MODULE_PDFS
    ]
    for name in expected:
        data = (folder / name).read_bytes()
        assert page.validate_pdf_bytes(data, profile="ua1").is_compliant, name
        assert len(PdfReader(io.BytesIO(data)).pages) >= 1
    with zipfile.ZipFile("out/packs/small.zip") as archive:
        zipped = set(archive.namelist())
    assert {f"small/{name}" for name in expected} <= zipped
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {f"{name}" for name in expected} <= {entry["path"] for entry in manifest["files"]}
    assert (folder / "agenda.docx").is_file()  # the Word files are still there
    booklet = PdfReader(folder / "participant-booklet.pdf")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in booklet.pages)
    assert "Why does it matter?" in text


def test_a_pack_without_pdf_has_none(small_pack: Path) -> None:
    assert CliRunner().invoke(main, ["pack", str(small_pack), "--out", "out"]).exit_code == 0
    assert not list(Path("out/packs/small").rglob("*.pdf"))
