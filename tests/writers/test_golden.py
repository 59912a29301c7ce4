"""Golden tests: generated Office files compared semantically with reviewed copies.

Each output is reduced to its list of parts and the canonical XML (C14N, indented) of the
parts that carry content, with volatile fields removed. A change shows as a readable diff.
After a deliberate change: run `python -m pytest tests/writers/test_golden.py --update-golden`,
render the files with LibreOffice and look at the pages (docs/testing.md), then commit.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from toolkit.build.pipeline import BuildOptions, build_modules
from toolkit.module.loader import load_module

FIXTURE = Path(__file__).parents[1] / "fixtures" / "golden" / "rich.yaml"
GOLDEN = Path(__file__).parents[1] / "golden"
CONTENT_PARTS = re.compile(
    r"^(ppt/slides/slide\d+\.xml|ppt/notesSlides/notesSlide\d+\.xml|ppt/presentation\.xml|word/document\.xml"
    r"|word/footer\d*\.xml|word/numbering\.xml|docProps/core\.xml|\[Content_Types\]\.xml|.*\.rels)$"
)
VOLATILE = re.compile(r'(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)|( r:embed=")[^"]*(")')


def canonical(path: Path) -> str:
    """Return an Office file as text: its part names, then each content part's canonical XML."""
    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
        sections = ["# parts", *names]
        for name in names:
            if CONTENT_PARTS.match(name):
                root = etree.fromstring(archive.read(name))
                etree.indent(root, space=" ")
                text = etree.tostring(root, method="c14n").decode("utf-8")
                sections += [f"# {name}", VOLATILE.sub(r"\1\3\4\5", text)]
    return "\n".join(sections) + "\n"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    """Return the golden fixture's three files, built once."""
    report = build_modules([load_module(FIXTURE)], BuildOptions(out=tmp_path_factory.mktemp("golden")))
    assert report.written, report.diagnostics
    return {path.name: path for path in report.written}


@pytest.mark.parametrize("name", ["golden-slides.pptx", "golden-handout.docx", "golden-facilitator-guide.docx"])
def test_output_matches_its_golden_copy(outputs, name, update_golden):
    golden = GOLDEN / (name + ".txt")
    current = canonical(outputs[name])
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(current, encoding="utf-8")
        pytest.skip(f"rewrote {golden.name}")
    assert golden.is_file(), f"no golden copy yet: run pytest {__file__} --update-golden and review it"
    expected = golden.read_text(encoding="utf-8")
    if current != expected:
        diff = difflib.unified_diff(expected.splitlines(), current.splitlines(), "golden", "current", lineterm="", n=2)
        pytest.fail(f"{name} differs from its golden copy:\n" + "\n".join(list(diff)[:80]))
