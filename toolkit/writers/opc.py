"""Office files as packages of parts: read a .pptx or .docx template, add parts and relationships, write it.

The build path writes Office files with lxml and this small Open Packaging Conventions
layer instead of python-pptx and python-docx: importing those two libraries took a
third of a small build's time, and their object model searched the XML on every call.
Only what the writers need is here: parts by name, content types, relationships, and a
deterministic zip. Templates may come from other organisations, so reading is bounded
(file size, part sizes, part count and the total of all parts unpacked, counted both
from the zip's directory and while decompressing, as declared sizes can lie) and XML is
parsed without entities or network access.
"""

from __future__ import annotations

import io
import os
import posixpath
import stat
import zipfile
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from lxml import etree

from toolkit.core.diagnostics import Diagnostic, Severity
from toolkit.core.output import Deflated, deflate, zip_archive
from toolkit.core.paths import FileProblem, read_regular

MAX_PACKAGE_BYTES = 50 * 1024 * 1024
MAX_PART_BYTES = 20 * 1024 * 1024
MAX_PARTS = 5_000
# All parts together, unpacked: parts are held in memory, so this bounds what a template costs.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
_CHUNK = 1024 * 1024

NS_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
RT_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT_OFFICE_DOCUMENT = f"{RT_BASE}/officeDocument"
RT_HYPERLINK = f"{RT_BASE}/hyperlink"
RT_IMAGE = f"{RT_BASE}/image"
RT_CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
CT_CORE_PROPERTIES = "application/vnd.openxmlformats-package.core-properties+xml"
CT_RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
NS_R = (RT_BASE, "http://purl.oclc.org/ooxml/officeDocument/relationships")  # transitional, strict
# The relationships a template may bring into outputs, by the last word of their type (in any of
# the namespaces Office writes): the parts of a deck or a document and what they are made of.
# Custom XML and printer settings are in plain files Word and PowerPoint save, so they stay;
# anything else (OLE objects, ActiveX, attached templates, charts) is dropped.
KEPT_RELATIONSHIPS = frozenset(
    [
        "officeDocument",
        "core-properties",
        "extended-properties",
        "custom-properties",
        "thumbnail",
        "presentation",
        "slideMaster",
        "slideLayout",
        "slide",
        "notesMaster",
        "notesSlide",
        "handoutMaster",
        "theme",
        "themeOverride",
        "presProps",
        "viewProps",
        "tableStyles",
        "commentAuthors",
        "image",
        "hdphoto",
        "media",
        "audio",
        "video",
        "font",
        "hyperlink",
        "styles",
        "stylesWithEffects",
        "numbering",
        "settings",
        "webSettings",
        "fontTable",
        "footnotes",
        "endnotes",
        "header",
        "footer",
        "customXml",
        "customXmlProps",
        "printerSettings",
    ]
)
# Content types that mean the file carries macros: refused, as a macro-enabled main part always was for .docx.
MACRO_MARKS = ("macroenabled", "vbaproject", "vbadata", "activex")
IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "bmp": "image/bmp", "tiff": "image/tiff"}

# No entities, no DTDs fetched, no network: a template is data, never instructions to the parser.
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False, huge_tree=False)


class PackageError(Exception):
    """The file is not an Office package this toolkit can read; the message says why."""


@dataclass
class Relationship:
    """One relationship of a part: its id, type, and target (a part name, or an address when external)."""

    rid: str
    type: str
    target: str
    external: bool = False
    outside: bool = False  # an internal target that climbs out of the package ("../../x"), never followed


@dataclass
class Relationships:
    """The relationships of one part, in file order; new ones take the lowest free id."""

    source: str
    items: list[Relationship] = field(default_factory=list)
    original: bytes | None = None  # the part as read, written again as long as nothing changes
    _ids: set[str] = field(default_factory=set, init=False, repr=False)
    _lowest_free: int = field(default=1, init=False, repr=False)

    def __post_init__(self) -> None:
        self._ids = {rel.rid for rel in self.items}

    def append(self, rel: Relationship) -> None:
        """Add a relationship read from a file, keeping its id."""
        self.items.append(rel)
        self._ids.add(rel.rid)

    def add(self, rel_type: str, target: str, external: bool = False) -> str:
        """Return the id of a new relationship to `target` (an absolute part name, or an address if external).

        The id is the lowest free "rIdN", as Office and python-pptx number them. The search
        starts where the last one ended, so adding a thousand slides stays linear.
        """
        while f"rId{self._lowest_free}" in self._ids:
            self._lowest_free += 1
        rid = f"rId{self._lowest_free}"
        self.append(Relationship(rid, rel_type, target, external))
        self.original = None
        return rid

    def first(self, rel_type: str) -> Relationship | None:
        """Return the first relationship of a type, or None."""
        return next((r for r in self.items if r.type == rel_type), None)

    def by_id(self, rid: str) -> Relationship | None:
        """Return the relationship with an id, or None."""
        return next((r for r in self.items if r.rid == rid), None)

    def remove(self, rid: str) -> None:
        """Drop the relationship with an id; its id becomes free again."""
        self.items = [r for r in self.items if r.rid != rid]
        self.original = None
        self._ids.discard(rid)
        if rid.startswith("rId") and rid[3:].isdigit():
            self._lowest_free = min(self._lowest_free, int(rid[3:]))

    def to_xml(self) -> bytes:
        """Return the relationships part's XML, targets written relative to the source part's folder."""
        if self.original is not None:
            return self.original
        root = etree.Element(f"{{{NS_RELATIONSHIPS}}}Relationships", nsmap={None: NS_RELATIONSHIPS})  # type: ignore[dict-item]  # lxml-stubs refuse None, lxml's default namespace
        base = posixpath.dirname(self.source)
        for rel in sorted(self.items, key=_rid_order):
            target = rel.target if rel.external else _relative(rel.target, base or "/")
            attributes = {"Id": rel.rid, "Type": rel.type, "Target": target}
            if rel.external:
                attributes["TargetMode"] = "External"
            etree.SubElement(root, f"{{{NS_RELATIONSHIPS}}}Relationship", attributes)
        return serialize(root)


@lru_cache(maxsize=4096)
def _relative(target: str, base: str) -> str:
    """Return a part name relative to a folder ("../slideLayouts/slideLayout1.xml"); the same few recur."""
    return posixpath.relpath(target, base)


def _rid_order(rel: Relationship) -> tuple[int, str]:
    """Return a sort key that lists "rId2" before "rId10", as Office writes them."""
    number = rel.rid[3:]
    return (int(number), "") if rel.rid.startswith("rId") and number.isdigit() else (1 << 30, rel.rid)


def rels_name(part: str) -> str:
    """Return the name of the relationships part of `part` ("/" is the package itself)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def parse_xml(data: bytes) -> etree._Element:
    """Return the root of an XML part, parsed safely."""
    return etree.fromstring(data, XML_PARSER)


def first_child(parent: etree._Element, tag: str) -> etree._Element:
    """Return the child of `parent` with `tag` (a Clark name), inserted as the first child when absent.

    Properties elements (`a:pPr`, `w:pPr`) must come first in their paragraph.
    """
    child = parent.find(tag)
    if child is None:
        child = parent.makeelement(tag, {})
        parent.insert(0, child)
    return child


def find_required(parent: etree._Element, path: str) -> etree._Element:
    """Return the element at `path` (Clark names) under `parent`, one the caller relies on being there.

    The writer made it, or the file format requires it: its absence is a bug (or a file broken
    beyond what the checks look at), so an internal error rather than a diagnostic.
    """
    found = parent.find(path)
    if found is None:
        raise AssertionError(f"no {path} in {parent.tag}")
    return found


def serialize(root: etree._Element) -> bytes:
    """Return an XML part's bytes, with the declaration Office expects."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class Package:
    """The parts of an Office file by absolute name ("/ppt/slides/slide1.xml").

    XML parts are parsed on first use and written back from their trees; other parts
    (images, fonts) stay bytes. Relationships are parsed on first use as well.
    """

    def __init__(self, raw: dict[str, bytes], defaults: dict[str, str], overrides: dict[str, str]):
        self._raw = raw
        self._xml: dict[str, etree._Element] = {}
        self._rels: dict[str, Relationships] = {}
        self.defaults = defaults
        self.overrides = overrides
        # Compressed template parts, shared by every copy: a part still holding the very bytes
        # object it was read with is compressed once per process, not once per file written.
        self._deflated: dict[str, tuple[bytes, Deflated]] = {}
        self._template_names = frozenset(raw)
        # What reading a template dropped, one sentence each, for the loader to pass on as warnings.
        self.dropped: list[str] = []

    @classmethod
    def open(cls, path: Path) -> Package:
        """Return the package in an Office file; raise PackageError if it is not a regular one within the limits.

        The file is checked before it is read (a device or a pipe would never end) and read once.
        """
        try:
            data = read_regular(path, MAX_PACKAGE_BYTES)
        except FileProblem as exc:
            raise PackageError(f"{exc}; give a .pptx or .docx file of at most {_mib(MAX_PACKAGE_BYTES)}") from None
        package = cls.read(data)
        package.refuse_macros()
        package.keep_only_what_is_needed()
        package.check_well_formed()
        return package

    @classmethod
    def read(cls, data: bytes) -> Package:
        """Return the package in a zip file's bytes; raise PackageError if it is not one or is too big."""
        if len(data) > MAX_PACKAGE_BYTES:
            raise PackageError(f"the file is larger than {_mib(MAX_PACKAGE_BYTES)}")
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                raw, odd = _read_parts(archive)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as exc:
            raise PackageError(f"not a zip file: {exc}") from exc
        types = raw.pop("/[Content_Types].xml", None)
        if types is None:
            raise PackageError("no [Content_Types].xml: not an Office file")
        defaults, overrides = _content_types(types)
        package = cls(raw, defaults, overrides)
        package.dropped.extend(f"member {name!r} is not a part name ({why}); dropped" for name, why in odd)
        return package

    def refuse_macros(self) -> None:
        """Raise PackageError naming the first part that carries macros (VBA, ActiveX) or makes the file macro-enabled.

        A .pptm or .docm renamed is refused rather than cleaned: the user meant to give a
        file with macros, and the .docx reader always refused a macro-enabled main part.
        """
        for name in sorted(set(self._raw) | set(self.overrides)):
            kind = content_type(self, name).lower()
            if any(mark in kind for mark in MACRO_MARKS) or posixpath.basename(name).lower() == "vbaproject.bin":
                raise PackageError(
                    f"part {name} carries macros ({content_type(self, name) or 'a VBA project'}); "
                    "save the template without macros (as a .pptx or .docx, not .pptm or .docm)"
                )

    def keep_only_what_is_needed(self) -> None:
        """Drop every relationship and part a template does not need, saying what in `dropped`.

        Relationships to an address outside the file (linked pictures, attached templates,
        hyperlinks), out of the package (`../../x`) or of a kind no deck or document needs
        (OLE objects, charts) are removed, and so are the references to them in their
        part; then parts no relationship reaches any more are removed.
        """
        found, queue = {"/": None}, ["/"]
        said: set[str] = set()  # targets of dropped relationships: already warned about
        while queue:
            source = queue.pop()
            for rel in list(self.rels(source).items):
                why = _unwanted(rel)
                if why:
                    self._drop_relationship(source, rel, why)
                    said.add(rel.target)
                elif rel.target not in found and self.has(rel.target):
                    found[rel.target] = None
                    queue.append(rel.target)
        for name in sorted(set(self._raw) - set(found)):
            owner = _rels_source(name)
            if name not in said and (owner is None or owner not in self._raw):
                self.dropped.append(f"part {name} is not used by any relationship; dropped")
            self._raw.pop(name)
            self.overrides.pop(name, None)

    def _drop_relationship(self, source: str, rel: Relationship, why: str) -> None:
        """Remove one relationship of `source` and every attribute of the part that refers to it."""
        self.rels(source).remove(rel.rid)
        self.dropped.append(f"relationship {rel.rid} of {_shown(source)} {why}; dropped")
        if source == "/" or not self.has(source) or not self._is_xml(source):
            return
        for element in self.xml(source).iter():
            for attribute, value in list(element.attrib.items()):
                if value == rel.rid and etree.QName(attribute).namespace in NS_R:
                    del element.attrib[attribute]

    def check_well_formed(self) -> None:
        """Raise PackageError naming the first XML part that would be written but does not parse.

        Parts a writer never edits (a theme, numbering, settings) are copied as bytes into
        every output: a broken one would make files that Office, LibreOffice and `check`
        cannot open, so it is refused here, once per template, rather than copied.
        """
        for name in self._reachable():
            if name in self._raw and self._is_xml(name):
                try:
                    parse_xml(self._raw[name])
                except etree.XMLSyntaxError as exc:
                    raise PackageError(f"part {name} is not well-formed XML: {exc}") from exc

    def _is_xml(self, name: str) -> bool:
        """Return True for a part whose content type (or, lacking one, its name) says it is XML."""
        kind = content_type(self, name)
        return kind.endswith("xml") if kind else name.lower().endswith(".xml")

    def copy(self) -> Package:
        """Return an independent copy; cheap for parts never parsed, whose bytes are shared."""
        raw = dict(self._raw)
        raw.update((name, serialize(root)) for name, root in self._xml.items())
        duplicate = Package(raw, dict(self.defaults), dict(self.overrides))
        duplicate._rels = {
            source: Relationships(source, [replace(rel) for rel in rels.items], rels.original)
            for source, rels in self._rels.items()
        }
        duplicate._deflated, duplicate._template_names = self._deflated, self._template_names
        return duplicate

    def prime(self) -> None:
        """Read the relationships of every part now, so that copies start with them parsed."""
        self._reachable()

    def has(self, name: str) -> bool:
        """Return True if the package has a part of this name."""
        return name in self._raw or name in self._xml

    def names(self) -> list[str]:
        """Return every part name, relationships parts included."""
        return sorted(set(self._raw) | set(self._xml))

    def xml(self, name: str) -> etree._Element:
        """Return the parsed tree of an XML part, parsed once; raise PackageError if absent or broken."""
        if name not in self._xml:
            if name not in self._raw:
                raise PackageError(f"part {name} is missing")
            try:
                self._xml[name] = parse_xml(self._raw.pop(name))
            except etree.XMLSyntaxError as exc:
                raise PackageError(f"part {name} is not well-formed XML: {exc}") from exc
        return self._xml[name]

    def blob(self, name: str) -> bytes:
        """Return a part's bytes."""
        if name in self._xml:
            return serialize(self._xml[name])
        return self._raw[name]

    def rels(self, source: str) -> Relationships:
        """Return the relationships of a part ("/" for the package's own), empty if it has none."""
        if source not in self._rels:
            relationships = Relationships(source)
            name = rels_name(source)
            if self.has(name):
                relationships.original = self._raw.get(name)
                base = posixpath.dirname(source)
                for element in self.xml(name):
                    external = element.get("TargetMode") == "External"
                    target, outside = element.get("Target", ""), False
                    if not external:
                        target, outside = _part_name(base, target)
                    relationships.append(
                        Relationship(element.get("Id", ""), element.get("Type", ""), target, external, outside)
                    )
                self._xml.pop(name, None)
                self._raw.pop(name, None)
            self._rels[source] = relationships
        return self._rels[source]

    def related(self, source: str, rel_type: str) -> str:
        """Return the part name that `source` relates to with `rel_type`; raise PackageError if none."""
        rel = self.rels(source).first(rel_type)
        if rel is None or rel.external:
            raise PackageError(f"part {source} has no {rel_type.rsplit('/', 1)[-1]} relationship")
        return rel.target

    def put_xml(self, name: str, root: etree._Element, content_type: str) -> None:
        """Add (or replace) an XML part."""
        self._raw.pop(name, None)
        self._xml[name] = root
        self.overrides[name] = content_type

    def put_blob(self, name: str, data: bytes, content_type: str) -> None:
        """Add (or replace) a binary part, such as an image."""
        self._xml.pop(name, None)
        self._raw[name] = data
        extension = name.rsplit(".", 1)[-1].lower()
        self.defaults.setdefault(extension, content_type)
        if self.defaults[extension] != content_type:
            self.overrides[name] = content_type

    def drop(self, name: str) -> None:
        """Remove a part, its content type and its relationships."""
        self._raw.pop(name, None)
        self._xml.pop(name, None)
        self.overrides.pop(name, None)
        self._rels.pop(name, None)
        self._raw.pop(rels_name(name), None)
        self._xml.pop(rels_name(name), None)

    def to_bytes(self) -> bytes:
        """Return the package as a zip file whose entries carry the build date, content types first."""
        reachable = self._reachable()
        files = {name: self.blob(name) for name in reachable if name != "/"}
        files.update((rels_name(name), self._rels[name].to_xml()) for name in reachable if self._rels[name].items)
        entries = [("[Content_Types].xml", deflate(self._content_types_xml(set(files))))]
        entries += [(name.lstrip("/"), self._deflate(name, files[name])) for name in sorted(files, key=_part_order)]
        return zip_archive(entries)

    def _deflate(self, name: str, data: bytes) -> Deflated:
        """Return a part compressed, from the shared cache when it holds these very bytes."""
        cached = self._deflated.get(name)
        if cached is not None and cached[0] is data:
            return cached[1]
        packed = deflate(data)
        if name in self._template_names:
            self._deflated[name] = (data, packed)
        return packed

    def _reachable(self) -> list[str]:
        """Return the package ("/") and every part reachable from it by internal relationships.

        As python-pptx and python-docx do, a part nothing refers to any more (a template's
        removed slide) is not written.
        """
        found, queue = {"/": None}, ["/"]  # a dict keeps the order parts were found in
        while queue:
            for rel in self.rels(queue.pop()).items:
                if not rel.external and not rel.outside and rel.target not in found and self.has(rel.target):
                    found[rel.target] = None
                    queue.append(rel.target)
        return list(found)

    def _content_types_xml(self, names: set[str]) -> bytes:
        """Return [Content_Types].xml for the parts being written: defaults, then overrides of parts present."""
        root = etree.Element(f"{{{NS_CONTENT_TYPES}}}Types", nsmap={None: NS_CONTENT_TYPES})  # type: ignore[dict-item]  # lxml-stubs refuse None, lxml's default namespace
        defaults = dict(self.defaults)
        defaults.setdefault("rels", CT_RELATIONSHIPS)
        defaults.setdefault("xml", "application/xml")
        for extension, content_type in sorted(defaults.items()):
            etree.SubElement(root, f"{{{NS_CONTENT_TYPES}}}Default", Extension=extension, ContentType=content_type)
        for name, content_type in sorted(self.overrides.items()):
            if name in names:
                etree.SubElement(root, f"{{{NS_CONTENT_TYPES}}}Override", PartName=name, ContentType=content_type)
        return serialize(root)


def dropped_warnings(path: Path, package: Package) -> list[Diagnostic]:
    """Return one warning for each thing reading the template at `path` dropped (`template.part-dropped`)."""
    return [
        Diagnostic(str(path), None, Severity.WARNING, f"the template's {what}", "template.part-dropped")
        for what in package.dropped
    ]


def _mib(size: int) -> str:
    """Return a byte count in MiB, as limits are stated ("20 MiB")."""
    return f"{size / 2**20:g} MiB"


def size_problem(archive: zipfile.ZipFile, max_total: int | None = None) -> str | None:
    """Return why a zip's directory declares too much to unpack (parts, a part, all parts), or None.

    The directory is read, not the parts: a 2 MB file can declare 100 parts of 20 MiB
    each. `max_total` defaults to MAX_UNPACKED_BYTES, read when called.
    """
    max_total = MAX_UNPACKED_BYTES if max_total is None else max_total
    entries = [entry for entry in archive.infolist() if not entry.is_dir()]
    if len(entries) > MAX_PARTS:
        return f"the file has more than {MAX_PARTS} parts"
    for entry in entries:
        if entry.file_size > MAX_PART_BYTES:
            return f"part {entry.filename!r} is larger than {_mib(MAX_PART_BYTES)} unpacked"
    total = sum(entry.file_size for entry in entries)
    if total > max_total:
        return f"its parts come to {total:,} bytes unpacked; the limit is {max_total:,} bytes ({_mib(max_total)})"
    return None


def file_problem(path: Path, max_file: int = MAX_PACKAGE_BYTES, max_total: int | None = None) -> str | None:
    """Return why an Office file at `path` is not to be read, or None: not a regular file, too big, declares too much.

    For readers other than this package layer (python-pptx and python-docx in `check` and
    `doctor`): they read every part whole, so the file and the sizes its directory declares
    are checked first. Python's zipfile never returns more than a part declares.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        return f"cannot read the file: {exc.strerror}"
    if not stat.S_ISREG(info.st_mode):
        return "this is not a regular file (a device, pipe or socket); give a .pptx or .docx file"
    if info.st_size > max_file:
        return f"the file is {info.st_size:,} bytes; the limit is {max_file:,} bytes"
    try:
        with zipfile.ZipFile(path) as archive:
            return size_problem(archive, max_total)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        return None  # not a zip at all: the reader says so in its own words, reading nothing large


def _read_parts(archive: zipfile.ZipFile) -> tuple[dict[str, bytes], list[tuple[str, str]]]:
    """Return every part of a zip by absolute name, and the members skipped as no part name, with why.

    The directory's declared sizes are checked first, then the bytes actually
    decompressed are counted as they come, so a part that inflates past what it declared
    stops at the limit instead of exhausting memory. Two members with one name (part
    names ignore case) are refused: readers disagree on which one counts.
    Raises PackageError past a limit or on a name used twice.
    """
    problem = size_problem(archive)
    if problem:
        raise PackageError(problem)
    raw: dict[str, bytes] = {}
    odd: list[tuple[str, str]] = []
    seen: set[str] = set()
    budget = MAX_UNPACKED_BYTES
    for entry in archive.infolist():
        if entry.filename.casefold() in seen:
            raise PackageError(f"member {entry.filename!r} appears twice; readers disagree on which one counts")
        seen.add(entry.filename.casefold())
        why = _odd_name(entry.filename)
        if why:
            odd.append((entry.filename, why))
        elif not entry.is_dir():
            raw["/" + entry.filename] = data = _read_part(archive, entry, min(MAX_PART_BYTES, budget))
            budget -= len(data)
    return raw, odd


def _odd_name(name: str) -> str | None:
    """Return why a zip member's name cannot be a part name (absolute, `..`, a backslash, a drive), or None."""
    if name.startswith("/"):
        return "an absolute path"
    if "\\" in name:
        return "a backslash"
    segments = name.rstrip("/").split("/")
    if any(segment in ("", ".", "..") for segment in segments):
        return "an empty, '.' or '..' segment"
    if ":" in segments[0]:
        return "a drive"
    if any(ord(character) < 32 for character in name):
        return "a control character"
    return None


def _part_name(base: str, target: str) -> tuple[str, bool]:
    """Return the part name an internal target leads to from folder `base`, and whether it climbs out of the package."""
    path = target if target.startswith("/") else posixpath.join(base or "/", target)
    depth = 0
    for segment in path.split("/"):
        if segment == "..":
            depth -= 1
            if depth < 0:
                return target, True
        elif segment not in ("", "."):
            depth += 1
    return posixpath.normpath(path), False


def _unwanted(rel: Relationship) -> str | None:
    """Return why a template's relationship is not to be copied into outputs, or None to keep it."""
    if rel.external:
        return f"to an address outside the file ({_shown(rel.target)})"
    if rel.outside:
        return f"to {_shown(rel.target)}, outside the package"
    kind = rel.type.rsplit("/", 1)[-1]
    if kind not in KEPT_RELATIONSHIPS:
        return f"of a kind no deck or document needs ({kind or 'no type'}, to {_shown(rel.target)})"
    return None


def _shown(text: str) -> str:
    """Return a name or address from a template as quoted in a message, cut to 60 characters."""
    return repr(text if len(text) <= 60 else text[:59] + "…")


def _rels_source(name: str) -> str | None:
    """Return the part whose relationships the part `name` holds ("/ppt/_rels/x.xml.rels" → "/ppt/x.xml"), or None."""
    folder, base = posixpath.split(name)
    if posixpath.basename(folder) != "_rels" or not base.endswith(".rels"):
        return None
    return posixpath.join(posixpath.dirname(folder), base[: -len(".rels")]) or "/"


def _read_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limit: int) -> bytes:
    """Return one part's bytes, decompressed a chunk at a time; raise PackageError once past `limit` bytes."""
    chunks, size = [], 0
    with archive.open(entry) as part:
        while chunk := part.read(min(_CHUNK, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise PackageError(
                    f"part {entry.filename!r} unpacks to more than it declares, past the limits of "
                    f"{_mib(MAX_PART_BYTES)} a part and {_mib(MAX_UNPACKED_BYTES)} in all"
                )
    return b"".join(chunks)


def _part_order(name: str) -> tuple[int, str]:
    """Return a sort key that puts the package relationships first, then parts by name: a stable order."""
    return (0 if name == "/_rels/.rels" else 1, name)


def _content_types(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """Return the default content types by extension and the overrides by part name."""
    try:
        root = parse_xml(data)
    except etree.XMLSyntaxError as exc:
        raise PackageError(f"[Content_Types].xml is not well-formed XML: {exc}") from exc
    defaults = {
        e.get("Extension", "").lower(): e.get("ContentType", "") for e in root.iter(f"{{{NS_CONTENT_TYPES}}}Default")
    }
    overrides = {e.get("PartName", ""): e.get("ContentType", "") for e in root.iter(f"{{{NS_CONTENT_TYPES}}}Override")}
    return defaults, overrides


def content_type(package: Package, name: str) -> str:
    """Return a part's content type: its override, else its extension's default, else ""."""
    return package.overrides.get(name) or package.defaults.get(name.rsplit(".", 1)[-1].lower(), "")
