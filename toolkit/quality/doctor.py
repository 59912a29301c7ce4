"""`ssr-toolkit doctor`: explain a user's Office template before a build depends on it.

For a .pptx it lists the layouts and their placeholders, says which layouts the deck writer
needs and which are missing, and checks the contrast of the text each needed layout shows;
for a .docx it lists the styles and says which of those the Word writer uses are missing.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.presentation import Presentation as PptxPresentation
from pptx.slide import SlideLayout

from toolkit.build.style_roles import read_roles
from toolkit.core.diagnostics import DiagnosticsError, Severity
from toolkit.module.loader import display_path
from toolkit.quality.findings import Finding
from toolkit.quality.slide_text import placeholder_type
from toolkit.writers import opc
from toolkit.writers.docx_styles import UI_NAMES, WANTED, resolve_styles
from toolkit.writers.docx_supplied import names_of
from toolkit.writers.docx_xml import W_STYLE_ID
from toolkit.writers.pptx_fit import fit_one_line
from toolkit.writers.pptx_judge import Candidate, match_layouts
from toolkit.writers.pptx_layouts import FALLBACK, LAYOUT_NAMES, REQUIRED, load_template

# A module title as long as the shipped ones run, to measure what a footer holds; fewer characters is narrow.
FOOTER_SAMPLE = "Gender and security sector reform: oversight, accountability and the people the police serve"
MIN_FOOTER_CHARACTERS = 40
MAX_TEMPLATE_BYTES = opc.MAX_PACKAGE_BYTES  # what a build reads: doctor passes no template a build refuses
# What each layout the deck writer uses is for, as a trainer would say it.
LAYOUT_PURPOSES = {
    "title": "the title slide",
    "section": "section slides",
    "content": "every content slide",
    "two-content": "slides with a picture",
}
PLACEHOLDER_WORDS = {
    "title": "title",
    "ctrTitle": "title",
    "subTitle": "subtitle",
    "body": "text",
    "obj": "content",
    "pic": "picture",
    "ftr": "footer",
    "sldNum": "slide number",
    "dt": "date",
    "tbl": "table",
    "chart": "chart",
    "media": "media",
    "clipArt": "clip art",
    "dgm": "diagram",
    "hdr": "header",
    "sldImg": "slide image",
}


@dataclass
class DoctorReport:
    """What doctor found in a template: a listing for people, and findings that say what to fix."""

    file: str
    kind: str
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def add(self, severity: Severity, code: str, message: str) -> None:
        """Record a finding about the template."""
        self.findings.append(Finding(self.file, None, severity, message, code))

    def format(self) -> str:
        """Return the listing as text: a heading line, then each section with its indented rows."""
        lines = [f"{self.file}: {self.kind}"]
        for title, rows in self.sections:
            lines.append(f"{title}:")
            lines += [f"  {row}" for row in rows] or ["  (none)"]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """Return the report as plain data for `--format json`."""
        return {
            "file": self.file,
            "kind": self.kind,
            "sections": {title: rows for title, rows in self.sections},
            "findings": [finding.to_dict() for finding in self.findings],
        }


def diagnose(path: Path) -> DoctorReport:
    """Return what doctor finds in a .pptx deck template or a .docx reference document."""
    report = DoctorReport(display_path(path), "Office template")
    problem = _unreadable(path)
    if problem:
        report.add(Severity.ERROR, "template.unreadable", problem)
        return report
    try:
        if path.suffix.lower() == ".pptx":
            _diagnose_deck(path, report)
        else:
            _diagnose_reference(path, report)
    except Exception as exc:  # python-pptx and python-docx raise many kinds for a file that is not theirs
        report.add(Severity.ERROR, "template.unreadable", f"cannot open it as an Office file: {exc}")
    return report


def _unreadable(path: Path) -> str | None:
    """Return why a template cannot be examined, or None.

    python-pptx and python-docx read every part whole, so the file and the sizes its zip
    directory declares are checked first, against the limits a build reads templates with.
    """
    if path.suffix.lower() not in (".pptx", ".docx"):
        return "doctor reads .pptx deck templates and .docx reference documents"
    return opc.file_problem(path, MAX_TEMPLATE_BYTES, opc.MAX_UNPACKED_BYTES)


# --- deck templates --------------------------------------------------------------------------------


def _diagnose_deck(path: Path, report: DoctorReport) -> None:
    """Fill the report for a .pptx template: layouts, what the writer needs of them, notes and contrast."""
    prs = Presentation(str(path))
    width, height = prs.slide_width, prs.slide_height
    if width is None or height is None:  # `p:sldSz` is optional; reported as unreadable, as dividing None was
        raise ValueError("the presentation gives no slide size")
    report.kind = f"PowerPoint template, slides {width / 914400:.2f} × {height / 914400:.2f} in"
    every = [layout for master in prs.slide_masters for layout in master.slide_layouts]
    layouts = {layout.name: layout for layout in every}
    matched, how = match_layouts([Candidate(layout.name, layout.element) for layout in every], LAYOUT_NAMES)
    needed = []
    for logical, name in LAYOUT_NAMES.items():
        layout = every[matched[logical]] if logical in matched else None
        status = "ok" if layout is not None else "MISSING"
        if layout is not None and logical in how:
            status = f'ok: "{layout.name}" (found by {how[logical]})'
        needed.append(f"{name:<18} {'for ' + LAYOUT_PURPOSES[logical]:<28} {status}")
        if layout is None:
            taken = {every[index].name for index in matched.values()}
            _missing_layout(report, logical, name, list(layouts), [n for n in layouts if n not in taken])
        else:
            _check_layout(report, prs, layout, logical)
    report.sections.append(("layouts the toolkit uses", needed))
    report.sections.append(("layouts in the file", [_describe_layout(layout) for layout in layouts.values()]))
    _check_notes(report, prs)
    _judged_as_a_build_judges(path, report)


def _missing_layout(report: DoctorReport, logical: str, name: str, found: list[str], spare: list[str]) -> None:
    """Record a needed layout the template lacks: an error when required (suggesting one of the `spare` layouts
    no other part takes), else a warning naming the stand-in."""
    listing = ", ".join(f'"{n}"' for n in found) or "no layouts"
    if logical in REQUIRED:
        close = difflib.get_close_matches(name, spare, n=1, cutoff=0.5)
        rename = f'Rename "{close[0]}" to "{name}"' if close else "Rename a layout to match"
        report.add(
            Severity.ERROR,
            "template.layout-missing",
            f'the template has no layout named "{name}", which {LAYOUT_PURPOSES[logical]} uses; it has {listing}. '
            f"{rename} (View > Slide Master, right-click the layout > Rename Layout)",
        )
        return
    stand_in = LAYOUT_NAMES[FALLBACK[logical]]
    report.add(
        Severity.WARNING,
        "template.layout-fallback",
        f'the template has no layout named "{name}"; {LAYOUT_PURPOSES[logical]} will use "{stand_in}" instead '
        f"(it has {listing})",
    )


def _placeholder_types(layout: SlideLayout) -> list[str]:
    """Return the XML types of a layout's placeholders in order ("obj" when unstated)."""
    return [placeholder_type(shape.element) or "obj" for shape in layout.placeholders]  # type: ignore[misc]  # python-pptx types __iter__ as a Callable attribute


def _describe_layout(layout: SlideLayout) -> str:
    """Return one line naming a layout and its placeholders."""
    kinds = [PLACEHOLDER_WORDS.get(kind, kind) for kind in _placeholder_types(layout)]
    return f"{layout.name}: " + (", ".join(kinds) if kinds else "no placeholders")


def _check_layout(report: DoctorReport, prs: PptxPresentation, layout: SlideLayout, logical: str) -> None:
    """Record what a needed layout lacks: a title, a text placeholder."""
    kinds = _placeholder_types(layout)
    if not {"title", "ctrTitle"} & set(kinds):
        report.add(
            Severity.ERROR,
            "template.placeholder-missing",
            f'layout "{layout.name}" has no title placeholder: slides made from it would have no title, which '
            "screen readers need; add one (View > Slide Master > Insert Placeholder > Title)",
        )
    if not {"body", "obj", "subTitle"} & set(kinds):
        severity = Severity.WARNING if logical == "title" else Severity.ERROR
        report.add(
            severity,
            "template.placeholder-missing",
            f'layout "{layout.name}" has no text or content placeholder: the text of {LAYOUT_PURPOSES[logical]} '
            "would be left out; add one (View > Slide Master > Insert Placeholder > Content)",
        )


def _judged_as_a_build_judges(path: Path, report: DoctorReport) -> None:
    """Record what a build would find in the template (text too faint, a footer too low, layouts found by type or
    placeholders): the same judgement, made by the deck writer's own reading of the file, and how many characters
    of a module title the footer holds on one line."""
    try:
        spec = load_template(path)
    except DiagnosticsError:
        return  # a required layout is missing: already reported, with what to rename
    for finding in (*spec.issues, *spec.warnings):
        if finding.code in ("template.contrast", "template.footer", "template.layout-matched"):
            report.add(finding.severity, finding.code, finding.message)
    content = spec.layouts.get("content")
    box = content.footer if content is not None else None
    if content is not None and box is not None:
        room = fit_one_line(FOOTER_SAMPLE, box.size, box.inner.width)
        if len(room) < MIN_FOOTER_CHARACTERS:
            report.add(
                Severity.WARNING,
                "template.footer-narrow",
                f'the footer of layout "{content.name}" holds about {len(room) - 1} characters of the module title '
                'on one line; longer titles are shortened with "…"; widen the footer placeholder (View > Slide '
                "Master) to show more",
            )


def _check_notes(report: DoctorReport, prs: PptxPresentation) -> None:
    """Record a warning when the notes master has no body placeholder: speaker notes would be left out."""
    has_body = any(shape.placeholder_format.type == PP_PLACEHOLDER.BODY for shape in prs.notes_master.placeholders)  # type: ignore[misc]  # python-pptx types __iter__ as a Callable attribute
    report.sections.append(("speaker notes", ["ok" if has_body else "MISSING: the notes page has no text placeholder"]))
    if not has_body:
        report.add(
            Severity.WARNING,
            "template.notes-missing",
            "the notes master has no body placeholder, so timings and facilitator notes would be left out of "
            "the speaker notes; restore it (View > Notes Master > Placeholders > Body)",
        )


# --- Word reference documents ----------------------------------------------------------------------


def _diagnose_reference(path: Path, report: DoctorReport) -> None:
    """Fill the report for a .docx reference: which style plays each role the writer needs, which the toolkit
    supplies, and what stops a build (a style mapping naming a style the file lacks, a name taken by another kind)."""
    document = docx.Document(str(path))
    report.kind = "Word reference document"
    roles = read_roles(path)
    root = copy.deepcopy(document.styles.element)  # resolving adds the supplied styles: not to the file
    found = resolve_styles(root, roles, report.file)
    rows = []
    for wanted in WANTED:
        style = found.styles.get(wanted.name)
        kind = wanted.type.name.lower()
        if wanted.name in found.supplied:
            status = "SUPPLIED: the toolkit's own, in your fonts and colours"
        elif style is None and wanted.name in found.styles:
            status = "ok (your default style)"
        elif style is None:
            status = "CANNOT BE SUPPLIED (see below)"
        else:
            names = [UI_NAMES.get(name, name) for name in names_of(style)]
            status = "ok" if wanted.name in names else f'ok: your "{names[0] if names else style.get(W_STYLE_ID)}"'
        rows.append(f"{wanted.name:<18} {kind:<10} {status}")
    report.sections.append(("styles the toolkit uses", rows))
    if roles:
        report.sections.append(("style mapping", [f"{role} → {name}" for role, name in roles]))
    report.sections.append(("styles in the file", _style_listing(document)))
    for problem in found.problems:
        report.add(Severity.ERROR, problem.code, problem.message)
    if found.supplied:
        listing = ", ".join(f'"{name}"' for name in found.supplied)
        report.add(
            Severity.WARNING,
            "template.style-supplied",
            f"the reference document has no style for {listing}; a build adds the toolkit's own, in your heading "
            f"font and colour. To style them yourself, add them (Home > Styles) or map them to yours in "
            f"{path.stem}.styles.yaml",
        )


def _style_listing(document: Document) -> list[str]:
    """Return one line per kind of style (paragraph, character, table) listing their names."""
    by_kind: dict[str, list[str]] = {}
    for style in document.styles:
        kind = getattr(style.type, "name", str(style.type)).lower()
        by_kind.setdefault(kind, []).append(style.name or etree.QName(style.element).localname)
    return [f"{kind}: {', '.join(sorted(names))}" for kind, names in sorted(by_kind.items())]
