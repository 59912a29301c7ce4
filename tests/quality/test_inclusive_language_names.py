"""Official names keep a listed term (`keep`), however their apostrophes and spaces were typed (language.inclusive)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.module.loader import load_module
from toolkit.quality import language
from toolkit.quality.language import inclusive_language, load_language_rules

PROJECT = Path(__file__).parents[2]


def french(write_module, minimal_text: str, text: str) -> Path:
    module_text = minimal_text.replace("version:", "language: fr\nversion:")
    return write_module(module_text.replace("summary: A small module for tests.", f"summary: {json.dumps(text)}"))


def found(path: Path) -> list[str]:
    return [finding.message for finding in inclusive_language(load_module(path).module, load_language_rules())]


@pytest.mark.parametrize(
    "name",
    [
        "la Commission interaméricaine des droits de l'homme",  # straight apostrophe
        "la Commission interaméricaine des droits de l’homme",  # curly (U+2019), as French typography writes it
        "la Cour interaméricaine des droits de lʼhomme",  # modifier letter apostrophe (U+02BC)
        "le Conseil des droits\u00a0de l’homme",  # a no-break space inside the name
        "la Déclaration universelle des droits de l‘homme",  # a left quotation mark typed for the apostrophe
        "le Haut\u2011Commissariat des Nations Unies aux droits de l’homme",  # a non-breaking hyphen
    ],
)
def test_an_official_name_keeps_the_term_whatever_its_apostrophe(write_module, minimal_text, name):
    assert found(french(write_module, minimal_text, f"Voir {name}.")) == []


def test_the_term_outside_a_name_is_still_found_beside_one(write_module, minimal_text):
    text = "La Cour interaméricaine des droits de l’homme défend les droits de l’homme."
    [message] = found(french(write_module, minimal_text, text))
    assert message.startswith('summary: "droits de l’homme" — consider droits humains'), "quoted as written"


def test_folding_keeps_every_position():
    text = "l’homme\u00a0et lʼhomme\u2011x"
    assert language.typographic_fold(text) == "l'homme et l'homme-x"
    assert len(language.typographic_fold(text)) == len(text)


def test_a_users_list_can_keep_names_too(tmp_path, write_module, minimal_text):
    rules = tmp_path / "ours.fr.yaml"
    rules.write_text(
        "language: fr\nterms:\n  - term: homme d'État\n    suggestion: responsable politique\n"
        "    keep: [Prix de l'homme d'État]\n",
        encoding="utf-8",
    )
    path = french(write_module, minimal_text, "Le Prix de l’homme d’État ; un homme d’État.")
    [finding] = inclusive_language(load_module(path).module, load_language_rules([rules]))
    assert '"homme d’État" — consider responsable politique' in finding.message


def test_the_french_peru_module_names_the_inter_american_bodies_without_a_warning():
    module = load_module(PROJECT / "modules" / "peru-trc.fr.yaml").module
    assert "des droits de l’homme" in module.model_dump_json(), "the module writes the names with ’"
    assert [f for f in inclusive_language(module, load_language_rules()) if "droits de" in f.message] == []


@pytest.mark.parametrize("apostrophe", ["'", "\u2019", "\u02bc", "\u2018"])
def test_the_term_is_found_whatever_its_apostrophe(write_module, minimal_text, apostrophe):
    [message] = found(french(write_module, minimal_text, f"Les droits de l{apostrophe}homme sont universels."))
    assert message.startswith(f'summary: "droits de l{apostrophe}homme" — consider droits humains')
