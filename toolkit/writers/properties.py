"""Document properties shared by both Office writers: the same fields, the same fixed dates."""

from __future__ import annotations

from datetime import timezone

from lxml import etree

from toolkit.core.output import build_datetime
from toolkit.render.doctree import Metadata
from toolkit.writers.opc import CT_CORE_PROPERTIES, RT_CORE_PROPERTIES, Package

NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
DEFAULT_PART = "/docProps/core.xml"


def core_properties(metadata: Metadata) -> etree._Element:
    """Return the core properties part: title, subject, author, keywords, language, revision and dates.

    Dates come from SOURCE_DATE_EPOCH (or a fixed date) and the revision is 1, so the same
    input gives the same file. The part is written from scratch: a template's leftover
    comments, category or status never reach a module's files.
    """
    when = build_datetime().astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    root = etree.Element(f"{{{NS['cp']}}}coreProperties", nsmap=NS)
    fields = [
        ("dc", "title", metadata.title),
        ("dc", "subject", metadata.subject),
        ("dc", "creator", metadata.author),
        ("cp", "keywords", ", ".join(metadata.keywords)),
        ("cp", "lastModifiedBy", metadata.author),
        ("cp", "revision", "1"),
        ("dcterms", "created", when),
        ("dcterms", "modified", when),
        ("cp", "lastPrinted", when),
        ("dc", "language", metadata.language),
    ]
    for prefix, name, value in fields:
        element = etree.SubElement(root, f"{{{NS[prefix]}}}{name}")
        element.text = value
        if prefix == "dcterms":
            element.set(f"{{{NS['xsi']}}}type", "dcterms:W3CDTF")
    return root


def write_core_properties(package: Package, metadata: Metadata) -> None:
    """Put the core properties into `package`, replacing the template's, at the name its relationship gives."""
    relationships = package.rels("/")
    existing = relationships.first(RT_CORE_PROPERTIES)
    if existing is None:
        relationships.add(RT_CORE_PROPERTIES, DEFAULT_PART)
    package.put_xml(existing.target if existing else DEFAULT_PART, core_properties(metadata), CT_CORE_PROPERTIES)
