"""Sites a module should not cite, kept as data in `toolkit/module/data/weak-sources.yaml`, each with why."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from toolkit.core.bundled import PACKAGE
from toolkit.module.yamlsafe import load_yaml_file

WEAK_SOURCES_FILE = PACKAGE / "module" / "data" / "weak-sources.yaml"
DEFAULT_INSTEAD = "the original publisher's own copy, with its real title and date"


@dataclass(frozen=True)
class WeakSite:
    """A kind of site that is not a source: how to name it, why not, and what to cite instead."""

    name: str
    why: str
    instead: str


@cache
def weak_hosts() -> dict[str, WeakSite]:
    """Return the listed hosts (lower case, registered domains) with the site each belongs to."""
    data = load_yaml_file(WEAK_SOURCES_FILE).data
    assert isinstance(data, list), "weak-sources.yaml is a list of entries"
    hosts: dict[str, WeakSite] = {}
    for entry in data:
        site = WeakSite(entry["name"], entry["why"], entry.get("instead", DEFAULT_INSTEAD))
        hosts.update({host.lower(): site for host in entry["hosts"]})
    return hosts


def url_host(url: str) -> str | None:
    """Return the host of a web address in lower case without a trailing dot, or None when it has none."""
    try:
        host = urlsplit(url).hostname
    except ValueError:  # a malformed address (an unclosed IPv6 bracket) names no host to judge
        return None
    return host.rstrip(".") if host else None


def weak_site(url: str) -> tuple[str, WeakSite] | None:
    """Return the host of `url` and the listed site it is on (the host or a domain above it), or None."""
    host = url_host(url)
    if host is None:
        return None
    listed = weak_hosts()
    labels = host.split(".")
    for start in range(len(labels) - 1):  # es.m.wikipedia.org → es.m.wikipedia.org, m.wikipedia.org, wikipedia.org
        site = listed.get(".".join(labels[start:]))
        if site is not None:
            return host, site
    return None
