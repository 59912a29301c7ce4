"""Module text reaches Typst only as data: markup in a module is shown as written, never run, and Typst reads no file
outside the folder the writer gives it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolkit.render.doctree import Box, Deck, Document, Heading, ListBlock, Metadata, Paragraph, Slide, Span, Table
from toolkit.writers.pdf import compile as pdf_compile
from toolkit.writers.pdf.deck import write_deck_pdf
from toolkit.writers.pdf.document import write_document_pdf

# Each would do something if Typst read it as markup or code.
HOSTILE = [
    '#import "/etc/passwd"',
    '#read("/etc/passwd")',
    '#eval("1 + 1")',
    '#include "../../secret.typ"',
    "] #text(fill: red)[injected",
    "$x^2$ and $ sum $",
    "@label and <label> and @fig:one",
    "back\\slash \\u{41} \\#hash",
    "*not bold* _not emph_ `code` = heading - item + item / term: x",
    "// a comment that would hide the rest",
    "/* a block comment",
    '#{ "code" } #let x = 1',
    "https://example.org/path?a=1#frag",
    "~ non-break and -- dash --- and ...",
    "quote \" and apostrophe ' and {braces} (parens)",
]


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def squashed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markup_in_a_document_is_shown_as_written(hostile: str) -> None:
    document = Document(
        Metadata(hostile, "en"),
        (
            Heading(1, (Span(hostile),)),
            Paragraph((Span(hostile), Span(hostile, bold=True), Span(hostile, link="https://www.dcaf.ch/"))),
            ListBlock(((Span(hostile),),), ordered=True),
            Table(((Span(hostile),),), (((Span(hostile),),),)),
            Box("question", (Paragraph((Span(hostile),)),)),
        ),
    )
    data = write_document_pdf(document).data
    shown = squashed(text_of(data))
    assert shown.count(squashed(hostile)) >= 5, shown
    assert b"root:x:0:0" not in data
    assert PdfReader(io.BytesIO(data)).metadata.title == hostile


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markup_in_a_slide_its_notes_and_the_footer_is_shown_as_written(hostile: str) -> None:
    slide = Slide(
        "content",
        (Span(hostile),),
        (ListBlock(((Span(hostile),),)),),
        notes=(Paragraph((Span(hostile),)),),
    )
    deck = Deck(Metadata(hostile, "en"), hostile, (slide,))
    for mode in ("slides", "notes"):
        data = write_deck_pdf(deck, mode=mode).data
        shown = squashed(text_of(data))
        assert shown.count(squashed(hostile)) >= (3 if mode == "notes" else 2), (mode, shown)
        assert b"root:x:0:0" not in data


def test_a_link_that_is_not_a_web_or_mail_address_is_dropped() -> None:
    document = Document(
        Metadata("Links", "en"),
        (Paragraph((Span("click", link="javascript:alert(1)"), Span(" read", link="file:///etc/passwd"))),),
    )
    data = write_document_pdf(document).data
    assert b"javascript" not in data and b"file:///" not in data
    assert "click read" in text_of(data)


def test_control_characters_are_dropped_not_passed_to_typst() -> None:
    document = Document(Metadata("Controls", "en"), (Paragraph((Span("bell\x07 and escape\x1b[31m red"),)),))
    assert "bell and escape[31m red" in text_of(write_document_pdf(document).data)


@pytest.mark.parametrize(
    "source",
    ['#read("/etc/passwd")', '#read("../outside.txt")', '#image("/etc/hostname")', '#json("../outside.json")'],
)
def test_typst_reads_nothing_outside_the_folder_it_is_given(tmp_path: Path, source: str) -> None:
    """The compiler the writer uses, on a Typst file that tries to leave its root, fails instead of reading."""
    import typst

    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "outside.txt").write_text("secret", encoding="utf-8")
    (tmp_path / "outside.json").write_text('{"a": "secret"}', encoding="utf-8")
    main = root / "main.typ"
    main.write_text(source, encoding="utf-8")
    with pytest.raises(typst.TypstError):
        pdf_compile._compiler().compile(input=str(main), root=str(root), format="pdf")


def test_the_compile_folder_holds_only_the_templates_data_and_pictures_and_is_removed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[list[str]] = []
    original = pdf_compile._compiler

    class Watching:
        def compile(self, **arguments: object) -> bytes:
            root = Path(str(arguments["root"]))
            seen.append(sorted(path.name for path in root.iterdir()))
            result: bytes = original().compile(**arguments)
            return result

    monkeypatch.setattr(pdf_compile, "_compiler", lambda: Watching())
    write_document_pdf(Document(Metadata("Folder", "en"), (Paragraph((Span("text"),)),)))
    assert seen == [["common.typ", "data.json", "document.typ"]]
