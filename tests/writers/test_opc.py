"""The Office package layer: untrusted templates read within limits, relationships, deterministic files."""

from __future__ import annotations

import io
import zipfile

import pytest

from toolkit.writers import opc
from toolkit.writers.opc import Package, PackageError, Relationships
from toolkit.writers.pptx_layouts import DEFAULT_TEMPLATE


def zipped(files: dict[str, bytes]) -> bytes:
    """Return a zip file holding `files`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CONTENT_TYPES = (
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)
PACKAGE_RELS = (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    b' Target="doc/main.xml"/></Relationships>'
)


def test_not_a_zip_is_a_package_error() -> None:
    with pytest.raises(PackageError, match="not a zip file"):
        Package.read(b"hello")


def test_a_zip_without_content_types_is_not_an_office_file() -> None:
    with pytest.raises(PackageError, match=r"\[Content_Types\]\.xml"):
        Package.read(zipped({"a.xml": b"<a/>"}))


def test_a_part_over_the_limit_is_refused_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    part = b"<a>" + b"x" * 993 + b"</a>"  # 1,000 bytes
    data = zipped({"[Content_Types].xml": CONTENT_TYPES, "big.xml": part})
    monkeypatch.setattr(opc, "MAX_PART_BYTES", 1000)
    assert Package.read(data).has("/big.xml")
    monkeypatch.setattr(opc, "MAX_PART_BYTES", 999)
    with pytest.raises(PackageError, match=r"'big\.xml' is larger than"):
        Package.read(data)


def test_too_many_parts_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = zipped({"[Content_Types].xml": CONTENT_TYPES} | {f"p{n}.xml": b"<a/>" for n in range(3)})
    monkeypatch.setattr(opc, "MAX_PARTS", 4)
    assert Package.read(data).has("/p2.xml")
    monkeypatch.setattr(opc, "MAX_PARTS", 3)
    with pytest.raises(PackageError, match="more than 3 parts"):
        Package.read(data)


def test_a_file_over_the_limit_is_refused_before_it_is_unpacked(monkeypatch: pytest.MonkeyPatch) -> None:
    data = zipped({"[Content_Types].xml": CONTENT_TYPES})
    monkeypatch.setattr(opc, "MAX_PACKAGE_BYTES", len(data))
    Package.read(data)
    monkeypatch.setattr(opc, "MAX_PACKAGE_BYTES", len(data) - 1)
    with pytest.raises(PackageError, match="larger than"):
        Package.read(data)


def test_entities_in_a_part_are_not_expanded() -> None:
    laughs = b'<!DOCTYPE a [<!ENTITY x "ha"><!ENTITY y "&x;&x;&x;&x;">]><a>&y;&y;</a>'
    files = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": PACKAGE_RELS, "doc/main.xml": laughs}
    root = Package.read(zipped(files)).xml("/doc/main.xml")
    assert "ha" not in "".join(root.itertext())


def test_a_broken_xml_part_names_the_part() -> None:
    files = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": PACKAGE_RELS, "doc/main.xml": b"<a>"}
    with pytest.raises(PackageError, match=r"/doc/main\.xml is not well-formed XML"):
        Package.read(zipped(files)).xml("/doc/main.xml")


def test_relationship_targets_are_resolved_and_written_back_relative() -> None:
    files = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": PACKAGE_RELS, "doc/main.xml": b"<a/>"}
    package = Package.read(zipped(files))
    assert package.related("/", opc.RT_OFFICE_DOCUMENT) == "/doc/main.xml"
    rels = package.rels("/doc/main.xml")
    rels.add(opc.RT_IMAGE, "/media/image1.png")
    assert b'Target="../media/image1.png"' in rels.to_xml()


def test_new_relationship_ids_take_the_lowest_free_number() -> None:
    rels = Relationships("/doc/main.xml")
    assert [rels.add(opc.RT_HYPERLINK, f"https://example.org/{n}", external=True) for n in range(3)] == [
        "rId1",
        "rId2",
        "rId3",
    ]
    rels.remove("rId2")
    assert rels.add(opc.RT_HYPERLINK, "https://example.org/again", external=True) == "rId2"
    assert rels.to_xml().index(b'Id="rId2"') < rels.to_xml().index(b'Id="rId3"')


def test_parts_nothing_refers_to_are_not_written() -> None:
    files = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": PACKAGE_RELS, "doc/main.xml": b"<a/>"}
    files["doc/orphan.xml"] = b"<orphan/>"
    with zipfile.ZipFile(io.BytesIO(Package.read(zipped(files)).to_bytes())) as archive:
        assert archive.namelist() == ["[Content_Types].xml", "_rels/.rels", "doc/main.xml"]


def test_written_files_are_identical_and_dated_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    package = Package.read(DEFAULT_TEMPLATE.read_bytes())
    first, second = package.copy().to_bytes(), package.copy().to_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        assert archive.namelist()[0] == "[Content_Types].xml"


def test_a_copy_is_independent_of_its_original() -> None:
    package = Package.read(DEFAULT_TEMPLATE.read_bytes())
    duplicate = package.copy()
    presentation = duplicate.related("/", opc.RT_OFFICE_DOCUMENT)
    duplicate.xml(presentation).set("changed", "1")
    duplicate.rels(presentation).add(opc.RT_HYPERLINK, "https://example.org", external=True)
    assert package.xml(presentation).get("changed") is None
    assert all(rel.type != opc.RT_HYPERLINK for rel in package.rels(presentation).items)
