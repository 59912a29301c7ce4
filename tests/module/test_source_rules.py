"""Sources on encyclopaedias, mirrors and aggregators are warned about at their line (check.source-weak)."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.core.diagnostics import Severity
from toolkit.module.loader import load_module
from toolkit.module.weak_sources import WEAK_SOURCES_FILE, weak_hosts, weak_site
from toolkit.module.yamlsafe import load_yaml_file

ORIGINAL = "https://www.dcaf.ch/"


def with_url(minimal_text: str, url: str) -> str:
    assert f"url: {ORIGINAL}" in minimal_text
    return minimal_text.replace(f"url: {ORIGINAL}", f"url: {url}")


def weak(result) -> list:
    return [d for d in result.diagnostics if d.code == "check.source-weak"]


@pytest.mark.parametrize(
    ("url", "host", "named"),
    [
        ("https://es.m.wikipedia.org/wiki/Mecanismo_intersectorial", "es.m.wikipedia.org", "Wikipedia"),
        ("https://EN.Wikipedia.org./wiki/Peru", "en.wikipedia.org", "Wikipedia"),
        ("https://www.wikiwand.com/en/articles/Peru", "www.wikiwand.com", "mirror"),
        ("http://dbpedia.org/page/Peru", "dbpedia.org", "mirror"),
        ("https://profilpelajar.com/article/Truth_and_Reconciliation_Commission_(Peru)", "profilpelajar.com", "mirror"),
        ("https://pledgetimes.com/the-inter-american-court-determines/", "pledgetimes.com", "aggregator"),
        ("https://www.newsbreak.com/news/123-peru", "www.newsbreak.com", "aggregator"),
        ("https://www.msn.com/en-us/news/world/peru/ar-AA1", "www.msn.com", "aggregator"),
        ("https://london24news.co.uk/2024/05/14/these-indigenous-ladies/", "london24news.co.uk", "content farm"),
        ("https://docslib.org/doc/134105/mapping-study", "docslib.org", "document-sharing"),
        ("https://issuu.com/idlonews/docs/idlo-practitioner-brief-customary-a", "issuu.com", "document-viewing"),
        (
            "https://civilresistance.info/biblio-item/2015/forced-sterilisation-haunts-peruvian-women-decades",
            "civilresistance.info",
            "bibliography",
        ),
    ],
)
def test_a_source_on_a_listed_site_warns_at_its_line(write_module, minimal_text, url, host, named):
    result = load_module(write_module(with_url(minimal_text, url)))
    assert result.ok  # a warning: the module still builds
    [diagnostic] = weak(result)
    assert diagnostic.severity is Severity.WARNING
    assert (diagnostic.file, diagnostic.position.line) == ("module.yaml", 34)  # the source's `url:` line
    assert diagnostic.message.startswith(f'sources[0].url: "{host}" is ')
    assert named in diagnostic.message
    assert "original" in diagnostic.message and "date" in diagnostic.message  # what to cite instead


@pytest.mark.parametrize(
    "url",
    [
        ORIGINAL,
        "https://www.corteidh.or.cr/docs/casos/articulos/seriec_75_ing.pdf",
        "https://notwikipedia.org/wiki/Peru",  # only the domain itself and its subdomains match
        "https://wikipedia.org.example.net/wiki/Peru",
        "https://www.msn.com.evil.org/news",
        "https://news.un.org/en/story/2023/12/1144992",
    ],
)
def test_a_source_from_its_original_publisher_passes(write_module, minimal_text, url):
    result = load_module(write_module(with_url(minimal_text, url)))
    assert result.ok
    assert weak(result) == []


def test_a_source_without_an_address_passes(write_module, minimal_text):
    result = load_module(write_module(minimal_text.replace(f"    url: {ORIGINAL}\n", "")))
    assert result.ok and weak(result) == []


def test_every_listed_site_says_why_and_what_to_cite():
    entries = load_yaml_file(WEAK_SOURCES_FILE).data
    assert isinstance(entries, list) and entries
    seen: set[str] = set()
    for entry in entries:
        assert set(entry) <= {"name", "hosts", "why", "instead"}, entry
        assert entry["name"] and len(entry["why"].split()) >= 6, entry
        for host in entry["hosts"]:
            assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", host), host
            assert host not in seen, f"{host} is listed twice"
            seen.add(host)
    assert {"wikipedia.org", "wikiwand.com", "dbpedia.org", "pledgetimes.com", "newsbreak.com", "msn.com"} <= seen
    assert len(weak_hosts()) == len(seen)


def test_a_malformed_address_is_not_judged():
    assert weak_site("https://[::1/page") is None
    assert weak_site("https:///no-host") is None


def test_validate_prints_the_warning_with_file_and_line(write_module, minimal_text):
    write_module(with_url(minimal_text, "https://fr.wikipedia.org/wiki/P%C3%A9rou"))
    result = CliRunner().invoke(main, ["validate", "module.yaml"])
    assert result.exit_code == 0, result.output
    expected = r'module\.yaml:34:\d+: warning: sources\[0\]\.url: "fr\.wikipedia\.org" is Wikipedia'
    assert re.search(expected, result.output)
    assert "[check.source-weak]" in result.output
    strict = CliRunner().invoke(main, ["validate", "--strict", "module.yaml"])
    assert strict.exit_code == 1


def test_check_reports_the_warning_too(write_module, minimal_text):
    write_module(with_url(minimal_text, "https://www.wikiwand.com/en/Peru"))
    result = CliRunner().invoke(main, ["check", "--format", "json", "module.yaml"])
    findings = json.loads(result.output)
    [finding] = [f for f in findings if f["code"] == "check.source-weak"]
    assert finding["file"] == "module.yaml" and finding["position"]["line"] == 34
    assert finding["severity"] == "warning"
