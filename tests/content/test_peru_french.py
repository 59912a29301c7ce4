"""The French Peru module: a strict, current translation of peru-trc.yaml that builds into French files.

The deck, handout and guide are reopened (python-pptx, python-docx, pypdf) and read: French headings,
the facts in French number format, the content note for participants, speaker notes on every slide,
and the facilitator-only warnings kept out of what participants get.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pptx
import pypdf
import pytest
import yaml
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.module.loader import load_module
from toolkit.module.model import Module

MODULES = Path(__file__).parent.parent.parent / "modules"
FRENCH = MODULES / "peru-trc.fr.yaml"
ENGLISH = MODULES / "peru-trc.yaml"
NBSP = "\u00a0"  # French typography: a no-break space in 69 280, before % : ; ? ! and inside « »
SEED_PAPER = "Mécanismes conventionnels de justice transitionnelle et enjeux entourant l’inclusion des femmes"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def loaded(path: Path) -> Module:
    result = load_module(path)
    assert result.module is not None, "\n".join(d.format() for d in result.diagnostics)
    return result.module


@pytest.fixture(scope="module")
def french() -> Module:
    """Return the French module as the toolkit loads it, with no diagnostics at all."""
    result = load_module(FRENCH)
    assert result.diagnostics == [], "\n".join(d.format() for d in result.diagnostics)
    assert result.module is not None
    return result.module


@pytest.fixture(scope="module")
def english() -> Module:
    return loaded(ENGLISH)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    """Return the folder the French deck, handout, guide and Markdown were built into by the command line."""
    out = tmp_path_factory.mktemp("peru-fr")
    result = run("build", str(FRENCH), "--out", str(out), "--format", "slides,handout,guide,markdown")
    assert result.exit_code == 0, result.output
    return out / "peru-trc" / "fr"


def document_text(path: Path) -> str:
    """Return every paragraph and table cell of a Word document, one per line."""
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def numbers(path: Path) -> set[str]:
    """Return every number in a module file's data, thousands separators removed, its translation link aside."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("translation", None)
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key != "url":
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            joined = re.sub(r"(?<=\d)[,\u00a0\u202f](?=\d{3}\b)", "", value)
            found.update(re.findall(r"\d+(?:\.\d+)?", joined))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            found.add(str(value))

    walk(data)
    return found


def test_it_validates_strictly_and_follows_the_current_source():
    result = run("validate", "--strict", str(FRENCH))
    assert result.exit_code == 0, result.output
    assert "1 valid, 0 invalid, 0 warning(s)" in result.output


def test_it_is_listed_as_the_french_peru_module():
    result = run("list", str(MODULES))
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if line.startswith("peru-trc") and " fr " in line)
    assert "180 min" in line and "Commission de la vérité et de la réconciliation" in line


def test_it_keeps_the_source_plan_and_sources(french, english):
    assert (french.id, french.language, french.translation.source) == ("peru-trc", "fr", "peru-trc.yaml")
    plan = [(a.id, a.minutes, a.method, a.break_after) for a in french.activities]
    assert plan == [(a.id, a.minutes, a.method, a.break_after) for a in english.activities]
    assert [s.id for s in french.sources] == [s.id for s in english.sources]
    assert [s.title for s in french.sources] == [s.title for s in english.sources], "titles keep their language"
    assert [(e.sources, e.period) for e in french.examples] == [(e.sources, e.period) for e in english.examples]


def test_every_number_of_the_english_module_is_in_the_french_and_no_other():
    assert numbers(FRENCH) == numbers(ENGLISH)


def test_it_uses_the_established_french_terms(french):
    text = FRENCH.read_text(encoding="utf-8")
    for term in (
        "Commission de la vérité et de la réconciliation (CVR)",
        "Cour interaméricaine des droits de l’homme",
        "Commission interaméricaine des droits de l’homme",
        "violences sexuelles",
        "stérilisations forcées",
        "réforme du secteur de la sécurité (RSS)",
    ):
        assert term in text, term
    assert "IACtHR" in french.glossary[-2].definition, "the Court's English acronym, for the case study"


def test_the_built_files_pass_every_quality_rule(files):
    built = [str(path) for path in sorted(files.iterdir()) if path.suffix in {".pptx", ".docx"}]
    assert len(built) == 3
    result = run("check", *built, "--module", str(FRENCH), "--strict")
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s)" in result.output


def test_the_handout_is_french_with_the_facts_in_french_number_format(files, french):
    text = document_text(files / "peru-trc-handout.docx")
    for heading in ("Objectifs d’apprentissage", "Avertissement sur le contenu", "Glossaire", "Pour aller plus loin"):
        assert heading in text, heading
    for english_heading in ("Learning objectives", "Content note", "Further reading", "Glossary"):
        assert english_heading not in text, english_heading
    for fact in (f"69{NBSP}280", f"1{NBSP}512", f"plus de 260{NBSP}000", f"54{NBSP}%", f"83{NBSP}% / 11{NBSP}%"):
        assert fact in text, fact
    assert "69,280 personnes" not in text and "69 280" not in text, "thousands with a no-break space"
    assert french.content_note.text in text
    assert "Manta y Vilca" in text and "loi 32419" in text


def test_the_handout_holds_no_facilitator_text(files, french):
    text = document_text(files / "peru-trc-handout.docx")
    for item in french.content_note.safeguarding:
        assert item not in text, item
    for guidance in (g for a in french.activities for q in a.questions for g in q.guidance):
        assert guidance not in text, guidance
    assert "Avertissement sur le contenu, réservé à l’équipe d’animation" not in text
    assert SEED_PAPER not in text, "the seed paper is not checked for testimony: guide only"


def test_the_guide_carries_the_content_warning_and_the_french_seed_paper(files):
    text = document_text(files / "peru-trc-facilitator-guide.docx")
    assert "Avertissement sur le contenu, réservé à l’équipe d’animation" in text
    assert SEED_PAPER in text and "réflexions depuis le cas péruvien" in text
    assert "ne donne ni l’auteur, ni l’éditeur, ni la date" in text
    assert "Protection" in text or "protection" in text


def test_the_deck_is_french_with_speaker_notes_on_every_slide(files, french):
    deck = pptx.Presentation(str(files / "peru-trc-slides.pptx"))
    slides = [(slide.shapes.title.text if slide.shapes.title is not None else "", slide) for slide in deck.slides]
    for title, slide in slides:
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), f"no notes: {title}"
    notes_by_title = {title: slide.notes_slide.notes_text_frame.text for title, slide in slides}
    for content in (s for a in french.activities for s in a.slides):
        assert content.title in notes_by_title, content.title
        assert content.notes[:60] in notes_by_title[content.title].replace("\n", " "), content.title
    assert "Horaire" in notes_by_title["Le Pérou après Fujimori\u00a0: vérité et justice"]
    assert "Objectifs d’apprentissage" in notes_by_title


def test_the_accessible_pdf_handout_is_french(tmp_path):
    result = run("build", str(FRENCH), "--out", str(tmp_path), "--format", "pdf")
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(str(tmp_path / "peru-trc" / "fr" / "peru-trc-handout.pdf"))
    text = " ".join(page.extract_text() for page in reader.pages).replace(NBSP, " ")
    assert "Objectifs d’apprentissage" in text and "69 280" in text
    assert "Pour aller plus loin" in text


def test_the_review_findings_of_issue_21_are_fixed_in_the_french_markdown(files):
    text = (files / "peru-trc.md").read_text(encoding="utf-8")
    handout, guide = re.split(r"(?m)^# ", text)[1:3]
    for gone in ("dans l’année", "Fin des lois d’amnistie", "54\u00a0% / 37\u00a0%", "Pledge Times", "Wikipedia"):
        assert gone not in text, gone
    for there in (
        "loi 32107",
        "loi 32419",
        "13 août 2025",
        "18 décembre 2025",
        "21 déc. 2023",
        "dépourvues d’effets juridiques",
        "Juil. 2003",
        "janvier 2003",
        "signalées à la CVR",
        "son titre parle de 6 à 10 ans",
        "Rendón 2019",
    ):
        assert there in handout, there
    further_reading = handout.rsplit("\n## ", 1)[1]
    assert further_reading.startswith("Pour aller plus loin")
    for outlet in ("Infobae", "London24", "ipsnews.net"):
        assert outlet not in text, f"{outlet} quotes testimony; it belongs nowhere in the module"
    assert "Gestión" in further_reading and "Mécanismes conventionnels" not in further_reading
    assert "Mécanismes conventionnels" in guide


def test_the_key_figures_give_each_share_its_counting_base(files):
    handout = re.split(r"(?m)^# ", (files / "peru-trc.md").read_text(encoding="utf-8"))[1]
    rows = [row for row in handout.splitlines() if row.startswith(("| 54\u00a0%", "| 46\u00a0%"))]
    assert len(rows) == 2, rows
    assert "CVR 2003" in rows[0] and "Base\u00a0: cas signalés à la CVR" in rows[0]
    assert "37" not in rows[0].split("|")[1], "the unconfirmed 37 % state share is not given as a figure"
    assert "Ojo 2021" in rows[1] and "n’indique pas la base" in rows[1]


def test_each_source_title_says_its_own_language(french, english):
    """Titles keep their language: Spanish ones as the English module marks them, the others English."""
    expected = {source.id: source.language or "en" for source in english.sources}
    assert {source.id: source.language for source in french.sources} == expected
