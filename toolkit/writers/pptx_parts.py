"""A new deck's package: slides, notes pages, pictures and links added to a copy of the template's parts.

Part names and ids follow PowerPoint's (and python-pptx's) conventions: slides are
`/ppt/slides/slideN.xml` numbered from the first free number, slide ids count up from
256, and a picture used twice is stored once.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass

from lxml import etree

from toolkit.writers.opc import IMAGE_TYPES, RT_HYPERLINK, RT_IMAGE, parse_xml
from toolkit.writers.pptx_chart import CT_CHART, CT_XLSX, RT_CHART, RT_PACKAGE
from toolkit.writers.pptx_layouts import LayoutParts, TemplateSpec
from toolkit.writers.pptx_xml import (
    CT_NOTES_MASTER,
    CT_NOTES_SLIDE,
    CT_SLIDE,
    CT_THEME,
    RT_NOTES_MASTER,
    RT_NOTES_SLIDE,
    RT_SLIDE,
    RT_SLIDE_LAYOUT,
    RT_THEME,
    qn,
)

FIRST_SLIDE_ID = 256  # the lowest slide id PowerPoint allows
# Where each list goes among the presentation's first children, which the schema orders.
PRESENTATION_ORDER = ("p:sldMasterIdLst", "p:notesMasterIdLst", "p:handoutMasterIdLst", "p:sldIdLst")


@dataclass(frozen=True)
class SlidePart:
    """A slide added to the deck: its part name and its XML, to fill in."""

    name: str
    root: etree._Element


class DeckPackage:
    """The parts of one deck being written, made from a template without its own slides."""

    def __init__(self, spec: TemplateSpec):
        parts = spec.parts
        self.package = parts.package.copy()
        self.presentation = parts.presentation
        self.root = self.package.xml(self.presentation)
        self._notes_page = parts.notes_page
        self._numbers: dict[str, int] = {}
        self._images: dict[str, str] = {}
        self._slide_list = self._list("p:sldIdLst")
        self._remove_template_slides()
        self._next_slide_id = FIRST_SLIDE_ID
        self._notes_master = parts.notes_master or self._add_notes_master(*(parts.borrowed_notes or (b"", b"")))

    def add_slide(self, layout: LayoutParts) -> SlidePart:
        """Return a new slide with `layout`'s placeholders, added at the end of the deck."""
        name = self._next_name("/ppt/slides/slide%d.xml")
        root = copy.deepcopy(layout.slide)
        self.package.put_xml(name, root, CT_SLIDE)
        self.package.rels(name).add(RT_SLIDE_LAYOUT, layout.part)
        rid = self.package.rels(self.presentation).add(RT_SLIDE, name)
        entry = etree.SubElement(self._slide_list, qn("p:sldId"), id=str(self._next_slide_id))
        entry.set(qn("r:id"), rid)
        self._next_slide_id += 1
        return SlidePart(name, root)

    def add_notes(self, slide: SlidePart) -> etree._Element:
        """Return the new, empty notes page of `slide`."""
        name = self._next_name("/ppt/notesSlides/notesSlide%d.xml")
        root = copy.deepcopy(self._notes_page)
        self.package.put_xml(name, root, CT_NOTES_SLIDE)
        relationships = self.package.rels(name)
        relationships.add(RT_NOTES_MASTER, self._notes_master)
        relationships.add(RT_SLIDE, slide.name)
        self.package.rels(slide.name).add(RT_NOTES_SLIDE, name)
        return root

    def link(self, slide: SlidePart, address: str) -> str:
        """Return the id of the slide's hyperlink relationship to `address`, added once per address."""
        relationships = self.package.rels(slide.name)
        for rel in relationships.items:
            if rel.type == RT_HYPERLINK and rel.external and rel.target == address:
                return rel.rid
        return relationships.add(RT_HYPERLINK, address, external=True)

    def image(self, slide: SlidePart, data: bytes, kind: str) -> str:
        """Return the id of the slide's relationship to a picture (`kind` as Pillow names it: "PNG"…)."""
        digest = hashlib.sha1(data).hexdigest()
        name = self._images.get(digest)
        if name is None:
            extension = "jpg" if kind == "JPEG" else kind.lower()
            name = self._next_name(f"/ppt/media/image%d.{extension}", any_extension=True)
            self.package.put_blob(name, data, IMAGE_TYPES[kind.lower()])
            self._images[digest] = name
        relationships = self.package.rels(slide.name)
        existing = next((r for r in relationships.items if r.type == RT_IMAGE and r.target == name), None)
        return existing.rid if existing else relationships.add(RT_IMAGE, name)

    def chart(self, slide: SlidePart, space: etree._Element, workbook: bytes) -> str:
        """Return the id of the slide's relationship to a new chart part, with its workbook embedded beside it."""
        name = self._next_name("/ppt/charts/chart%d.xml")
        embedded = self._next_name("/ppt/embeddings/Microsoft_Excel_Worksheet%d.xlsx")
        self.package.put_xml(name, space, CT_CHART)
        self.package.put_blob(embedded, workbook, CT_XLSX)
        self.package.rels(name).add(RT_PACKAGE, embedded)  # rId1, as the chart's `c:externalData` names it
        return self.package.rels(slide.name).add(RT_CHART, name)

    def to_bytes(self) -> bytes:
        """Return the deck's file."""
        return self.package.to_bytes()

    def _list(self, tag: str) -> etree._Element:
        """Return one of the presentation's id lists, adding it in its schema position if absent."""
        found = self.root.find(qn(tag))
        if found is not None:
            return found
        created = self.root.makeelement(qn(tag), {})
        earlier = [self.root.find(qn(name)) for name in PRESENTATION_ORDER[: PRESENTATION_ORDER.index(tag)]]
        anchor = next((e for e in reversed(earlier) if e is not None), None)
        if anchor is not None:
            anchor.addnext(created)
        else:
            self.root.insert(0, created)
        return created

    def _remove_template_slides(self) -> None:
        """Remove the slides a user template came with (and their notes): the deck holds only the module's."""
        relationships = self.package.rels(self.presentation)
        for entry in list(self._slide_list):
            rel = relationships.by_id(entry.get(qn("r:id"), ""))
            self._slide_list.remove(entry)
            if rel is None:
                continue
            relationships.remove(rel.rid)
            notes = self.package.rels(rel.target).first(RT_NOTES_SLIDE)
            if notes is not None:
                self.package.drop(notes.target)
            self.package.drop(rel.target)

    def _add_notes_master(self, master: bytes, theme: bytes) -> str:
        """Return the name of a notes master added from the shipped template, for a template without one."""
        name = self._next_name("/ppt/notesMasters/notesMaster%d.xml")
        theme_name = self._next_name("/ppt/theme/theme%d.xml")
        self.package.put_xml(name, parse_xml(master), CT_NOTES_MASTER)
        self.package.put_xml(theme_name, parse_xml(theme), CT_THEME)
        self.package.rels(name).add(RT_THEME, theme_name)
        rid = self.package.rels(self.presentation).add(RT_NOTES_MASTER, name)
        entry = etree.SubElement(self._list("p:notesMasterIdLst"), qn("p:notesMasterId"))
        entry.set(qn("r:id"), rid)
        return name

    def _next_name(self, pattern: str, any_extension: bool = False) -> str:
        """Return the next free part name for a pattern such as "/ppt/slides/slide%d.xml".

        The count is remembered, so naming N parts costs N checks, not N walks of the package.
        With `any_extension`, a number is free only if no part of any extension uses it.
        """
        number = self._numbers.get(pattern, 1)
        while self._taken(pattern % number, any_extension):
            number += 1
        self._numbers[pattern] = number + 1
        return pattern % number

    def _taken(self, name: str, any_extension: bool) -> bool:
        """Return True if a part has this name (or, with `any_extension`, this name with another extension)."""
        if not any_extension:
            return self.package.has(name)
        stem = name.rsplit(".", 1)[0] + "."
        return any(part.startswith(stem) for part in self.package.names())
