"""The subject-matter review of issue 21: its findings are gone from the built Markdown of every language.

Each shipped module file (sources and translations) is built to Markdown once by the command line;
the tests read what a reviewer reads: the participant handout (the text before the guide's title)
and the whole file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main

PROJECT = Path(__file__).parent.parent.parent
MODULES = PROJECT / "modules"
SHIPPED = sorted(MODULES.glob("*.yaml"))

# Encyclopaedias, their mirrors, document-copy sites, aggregators and copiers the review found.
WEAK_SITES = [
    "wikipedia.org",
    "profilpelajar.com",
    "docslib.org",
    "studylib.",
    "vdocuments.site",
    "paperzz.com",
    "civilresistance.info",
    "issuu.com",
    "pledgetimes.com",
    "london24news",
    "vlex.com",
    "issat.dcaf.ch/Learn/Resource-Library/Author",  # a DCAF author page, not the toolkit it was cited for
]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def markdown(tmp_path_factory) -> dict[str, str]:
    """Return the built Markdown of every shipped module file, keyed by file name (peru-trc.es.yaml …)."""
    out = tmp_path_factory.mktemp("review")
    result = run("build", *map(str, SHIPPED), "--format", "markdown", "--out", str(out))
    assert result.exit_code == 0, result.output
    built = {}
    for path in SHIPPED:
        parts = path.name.split(".")
        module_id, language = parts[0], parts[1] if len(parts) == 3 else "en"
        built[path.name] = (out / module_id / language / f"{module_id}.md").read_text(encoding="utf-8")
    return built


def handout(text: str) -> str:
    """Return the participant handout: the Markdown before the facilitator guide's title (the second H1)."""
    titles = [m.start() for m in re.finditer(r"(?m)^# ", text)]
    assert len(titles) >= 2, "the Markdown holds the handout, then the guide"
    return text[: titles[1]]


def further_reading(text: str) -> str:
    """Return the handout's last section: the further reading participants take home."""
    return handout(text).rsplit("\n## ", 1)[1]


@pytest.mark.parametrize("name", [p.name for p in SHIPPED])
def test_no_source_is_an_encyclopaedia_mirror_or_aggregator(markdown, name):
    found = [site for site in WEAK_SITES if site.lower() in markdown[name].lower()]
    assert found == [], f"{name} still cites {found}"


@pytest.mark.parametrize("name", ["peru-trc.yaml", "peru-trc.es.yaml", "peru-trc.fr.yaml", "justice-reform.yaml"])
def test_participants_further_reading_holds_no_testimony_articles(markdown, name):
    reading = further_reading(markdown[name])
    # IPS 2010 ("Women Remain Last in Line for Justice") quotes a survivor's graphic account of rape and child abuse.
    for outlet in ("Infobae", "London24News", "London24", "ipsnews.net", "Last in Line for Justice"):
        assert outlet not in reading, f"{name}: {outlet} quotes testimony; it belongs nowhere in the handout"
    assert "Gestión" in reading, "the judgment's press report stays"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        (
            "peru-trc.yaml",
            {
                "gone": [
                    "Within a year",
                    "End of the amnesty laws",
                    "Check the Court's website for a judgment",
                    "54% / 37%",
                    "Pledge Times",
                    "Twelve commissioners",
                    "no internal break",
                ],
                "there": [
                    "Law 32107",
                    "Law 32419",
                    "13 August 2025",
                    "18 December 2025",
                    "21 Dec 2023",
                    "so have no legal effect",
                    "Jul 2003",
                    "January 2003",
                    "reported to the TRC",
                    "its headline says 6 to 10 years",
                    "Rendón 2019",
                ],
            },
        ),
        (
            "peru-trc.es.yaml",
            {
                "gone": [
                    "En un año",
                    "Fin de las leyes de amnistía",
                    "consulte en el sitio web de la Corte si ya hay sentencia",
                    "54% / 37%",
                    "Pledge Times",
                    "Doce comisionados",
                    "sin descanso intermedio",
                ],
                "there": [
                    "Ley 32107",
                    "Ley 32419",
                    "13 de agosto de 2025",
                    "18 de diciembre de 2025",
                    "21 dic. 2023",
                    "carecen de efectos jurídicos",
                    "Jul. 2003",
                    "enero de 2003",
                    "reportadas a la CVR",
                    "su titular dice de 6 a 10 años",
                    "Rendón 2019",
                ],
            },
        ),
        (
            "justice-reform.yaml",
            {
                "gone": ["Infobae"],
                "there": ["Law 32107", "Law 32419", "13 August 2025", "says six to ten years"],
            },
        ),
        ("police-reform.yaml", {"gone": [], "there": ["2015–16", "relaunched", "La Prensa"]}),
        (
            "penal-reform.yaml",
            {"gone": ["Women's Centre Cornwall summary"], "there": ["Nelson Mandela Rules", "70/175"]},
        ),
        ("national-security-policy.yaml", {"gone": [], "there": ["not a fourth argument"]}),
        ("human-rights-defenders.yaml", {"gone": ["Wikipedia"], "there": ["El Peruano", "0159-2019-JUS"]}),
    ],
)
def test_review_findings_are_fixed_in_the_built_markdown(markdown, name, words):
    text = markdown[name]
    assert [w for w in words["gone"] if w in text] == []
    assert [w for w in words["there"] if w not in text] == []


@pytest.mark.parametrize("name", ["peru-trc.yaml", "peru-trc.es.yaml"])
def test_peru_key_figures_give_each_share_its_counting_base(markdown, name):
    lines = handout(markdown[name]).splitlines()
    rows = [row for row in lines if row.startswith(("| 54%", "| 46%"))]
    assert len(rows) == 2
    assert "CVR" in rows[0] or "TRC" in rows[0], "the 54% share is credited to the commission itself"
    assert "37%" not in rows[0].split("|")[1], "the unconfirmed 37% state share is not given as a figure"
    assert "Ojo 2021" in rows[1]


def test_every_shipped_module_validates_strictly_without_a_warning():
    result = run("validate", "--strict", str(MODULES))
    assert result.exit_code == 0, result.output
    assert ", 0 warning(s)" in result.output, result.output
