"""Render modules through the Jinja2 templates in `templates/` into document trees.

Templates decide what each document contains and in what order; they produce Markdown
that `toolkit.render.mdtree` parses. Module text is only ever a value inserted into a template,
escaped by default (`finalize`), never template source.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import time
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as url_quote

from jinja2 import BaseLoader, Environment, FileSystemBytecodeCache, StrictUndefined, TemplateError, TemplateNotFound
from jinja2.bccache import Bucket
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from toolkit.core.bundled import TEMPLATES
from toolkit.core.diagnostics import Diagnostic, DiagnosticsError, Position, Severity, quote
from toolkit.core.i18n import N_, format_clock, translations
from toolkit.core.labels import EXERCISE_TYPE_LABELS, METHOD_LABELS, PER_LABELS
from toolkit.core.limits import MAX_RENDER_SECONDS, MAX_TEMPLATE_BYTES, LimitExceeded, join_bounded, time_limit
from toolkit.core.paths import FileProblem, check_inside, read_regular
from toolkit.core.usercache import cache_folder, code_key
from toolkit.core.vocab import DEFAULT_LANGUAGE
from toolkit.module.images import MAX_IMAGE_BYTES
from toolkit.module.themes import all_themes
from toolkit.render import sandbox
from toolkit.render.citations import cited, in_language_of, link_target
from toolkit.render.doctree import Deck, DeckLabels, Document, Metadata, Origin, Picture, Slide
from toolkit.render.figures import FigureSource, with_figure_notes
from toolkit.render.materials import grouping, material_needs, participant_range, planned_participants
from toolkit.render.mdescape import Raw, escape, escape_blocks, escape_inline
from toolkit.render.mdtree import parse_blocks, parse_slides
from toolkit.render.origins import with_origins, with_origins_slides
from toolkit.render.plan import PlanRow, session_plan
from toolkit.render.sandbox import BoundedSandbox

if TYPE_CHECKING:  # a module as every stage reads it: a Module or a cached record of one
    from toolkit.module.snapshot import ModuleView

MODULE_TEMPLATES = ("slides.md.j2", "handout.md.j2", "guide.md.j2")


@dataclass(frozen=True)
class RenderOptions:
    """What the templates need beyond the module: the start time and where templates live."""

    start: time = time(9, 0)
    participants: int | None = None
    template_dirs: tuple[Path, ...] = field(default=(TEMPLATES,))
    plan: tuple[PlanRow, ...] | None = None  # a workshop's own clock times, instead of one start time


@cache
def environment(template_dirs: tuple[Path, ...], language: str = DEFAULT_LANGUAGE) -> SandboxedEnvironment:
    """Return the sandboxed Jinja2 environment for template folders (first wins) and a language."""
    env = BoundedSandbox(  # Jinja2's sandbox, with no value past the output limit
        loader=ConfinedLoader(template_dirs),
        undefined=StrictUndefined,
        finalize=escape,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=_bytecode_cache(),
    )
    catalogue = translations(language)
    env.install_gettext_translations(catalogue, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        time=lambda value: format_clock(value, language),
        clock=lambda row: f"{format_clock(row.start, language)}–{format_clock(row.end, language)}",
        inline=escape_inline,
        blocks=escape_blocks,
        asset=_asset,
        method=lambda method: catalogue.gettext(METHOD_LABELS[method]),
        per=lambda per: catalogue.gettext(PER_LABELS[per]),
        exercise_type=lambda kind: catalogue.gettext(EXERCISE_TYPE_LABELS[kind]),
        group_sizes=_group_sizes,
        raw=Raw,
        url=_url,
        link_title=_link_title,
        cited=lambda source, link=True: cited(source, language, link),
        of_source=lambda text, source: in_language_of(text, source, language),
        figures=_figure_numbers,
    )
    return env


class TemplateRefused(TemplateError):
    """A template file the toolkit will not read: a link out of its folder, not a regular file, too big."""

    def __init__(self, message: str, filename: str):
        super().__init__(message)
        self.filename = filename
        self.lineno = None


class ConfinedLoader(BaseLoader):
    """Load templates from folders (first wins), each confined to its folder as a module's images are.

    Jinja2's FileSystemLoader follows links, so `evil.j2 -> /etc/passwd` in a user's
    folder would put that file into a handout. Here a template (or a folder on its way)
    may link only to somewhere else inside its folder, must be a regular file, and is
    read only up to MAX_TEMPLATE_BYTES. The compiled-template cache is looked up with the
    source this returns, so it can never serve a template this refuses.
    """

    def __init__(self, folders: tuple[Path, ...]):
        self.folders = folders

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        """Return a template's source, its file name and a check that the file is unchanged."""
        pieces = split_template_path(template)  # refuses `..`
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            if os.path.lexists(path):
                return _read_template(path, folder), str(path), _unchanged(path)
        raise TemplateNotFound(template)


def _unchanged(path: Path) -> Callable[[], bool]:
    """Return a check that a template file still leads where it did and has not changed since now."""
    seen = _file_identity(path)
    return lambda: _file_identity(path) == seen


def _read_template(path: Path, folder: Path) -> str:
    """Return the text of a template file inside `folder`; raise TemplateRefused naming what to fix."""
    name = path.relative_to(folder).as_posix()
    fix = "a template must be a regular file inside the template folder (a link may only point inside it)"
    problem = check_inside(path, folder, f"the template folder {folder}")
    if problem:
        raise TemplateRefused(f"{name}: {problem}; {fix}", str(path))
    try:
        return read_regular(path.resolve(), MAX_TEMPLATE_BYTES, follow_links=False).decode("utf-8")
    except FileProblem as exc:
        raise TemplateRefused(f"{name}: {exc}; {fix}", str(path)) from None
    except UnicodeDecodeError:
        raise TemplateRefused(f"{name}: not UTF-8 text; save the template as UTF-8", str(path)) from None


def _file_identity(path: Path) -> tuple[str, int, int] | None:
    """Return where a template file leads and when it last changed, or None when it is gone.

    A template replaced by a link (even to a file of the same age) no longer matches, so
    a long-running `watch` reads it again, through the checks.
    """
    try:
        resolved = path.resolve(strict=True)
        info = resolved.stat()
    except (OSError, RuntimeError):
        return None
    return str(resolved), info.st_mtime_ns, info.st_size


class _QuietBytecodeCache(FileSystemBytecodeCache):
    """Compiled templates kept between runs; a cache that cannot be written is simply not used."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)

    def load_bytecode(self, bucket: Bucket) -> None:
        # An entry cut short by a full disk or a killed run fails to unpickle: compile the template again.
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()


@cache
def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Return the cache of compiled templates, or None when the user's cache folder cannot be made.

    Compiling the three templates took longer than rendering a module with them. Jinja2
    checks each entry against its template's source; the folder is named by the
    toolkit's code, whose environment settings also shape the compiled code.
    """
    folder = cache_folder("templates") / code_key()[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder))


def prepare(template_dirs: tuple[Path, ...], languages: set[str]) -> None:
    """Compile the module templates and load the locale data for each language ahead of rendering.

    A build calls this before it starts worker processes, which then share the compiled
    templates instead of compiling them each. A template that fails to compile is left
    for rendering to report against the module.
    """
    for language in sorted(languages):
        format_clock(time(9, 0), language)  # loads the locale's calendar data
        env = environment(template_dirs, language)
        for name in MODULE_TEMPLATES:
            try:
                env.get_template(name)
            except TemplateError:
                continue


def _figure_numbers(slides: list[Any]) -> list[int]:
    """Return the numbers (from 1) of the slides that show a chart or diagram, for `::: figure A S`."""
    return [n for n, slide in enumerate(slides, 1) if slide.chart is not None or slide.diagram is not None]


def _group_sizes(activity: Any, participants: tuple[int, int]) -> str:
    """Return how many people each of an activity's groups holds, such as "6" or "4–8", for its participants."""
    split = grouping(activity, participants)
    if split is None:
        return ""
    return str(split.smallest) if split.smallest == split.largest else f"{split.smallest}–{split.largest}"


def _link_title(text: str) -> Raw:
    """Return text as the quoted title of a Markdown link or image ("caption"), read back exactly as written."""
    line = " ".join(str(text).split())
    return Raw("".join("\\" + char if char in '\\"&' else char for char in line))


def _url(address: str) -> Raw:
    """Return a validated web address as a Markdown link target; brackets would end the link early."""
    return link_target(address)


def _asset(path: str, folder: str) -> Raw:
    """Return an image path as a Markdown link target, resolved against the module's folder."""
    return Raw(url_quote((Path(folder) / path).resolve().as_posix()))


def render_markdown(template: str, module: ModuleView, options: RenderOptions) -> str:
    """Return the Markdown a template renders for a module."""
    participants = options.participants or planned_participants(module)
    context = {
        "module": module,
        "plan": list(options.plan) if options.plan is not None else session_plan(module, options.start),
        "materials": material_needs(module, participants),
        "participants": participants,
        # The fewest and most people expected, to say how large fixed groups get ("4 groups of 4–8").
        "participant_range": (participants, participants) if options.participants else participant_range(module),
        "themes": all_themes(),
        "sources": module.source_by_id(),
        "folder": str(Path(module.file).parent),
    }
    env = environment(options.template_dirs, module.language)
    try:
        with time_limit(MAX_RENDER_SECONDS):
            compiled = env.get_template(template)
            return join_bounded(compiled.generate(context))
    except (TemplateError, LimitExceeded) as exc:
        raise DiagnosticsError([_template_diagnostic(exc, template, module)]) from None
    except (ArithmeticError, AttributeError, LookupError, TypeError, ValueError, RecursionError) as exc:
        if not _raised_by_template_code(exc):
            raise  # a fault in the toolkit's own code: an internal error, to be reported
        raise DiagnosticsError([_template_diagnostic(exc, template, module)]) from None


_TOOLKIT = str(Path(__file__).resolve().parents[1])
_SANDBOX = str(Path(sandbox.__file__).resolve())
_SHIPPED = TEMPLATES.resolve()


def _raised_by_template_code(exc: BaseException) -> bool:
    """Return True when a template's own expression raised `exc` (`1 + 'a'`, `range(10**9)`, an include of itself).

    That is, the innermost template frame is a user's template (whatever it gave the toolkit's
    filters, the value was the template's), or it called no code of the toolkit's on the
    way to the error, only Python's operators, Jinja2's own functions and the sandbox's checks.
    """
    frames = traceback.extract_tb(exc.__traceback__)
    in_templates = [index for index, frame in enumerate(frames) if frame.filename.endswith(".j2")]
    if isinstance(exc, RecursionError):  # a template including or calling itself: it may end anywhere
        return bool(in_templates)
    if in_templates and not Path(frames[in_templates[-1]].filename).resolve().is_relative_to(_SHIPPED):
        return True
    called = frames[in_templates[-1] :] if in_templates else []
    return bool(in_templates) and not any(f.filename.startswith(_TOOLKIT) and f.filename != _SANDBOX for f in called)


def _template_diagnostic(exc: Exception, template: str, module: ModuleView) -> Diagnostic:
    """Return a diagnostic placed in the template where rendering failed, naming the module."""
    filename = getattr(exc, "filename", None) or template
    line = getattr(exc, "lineno", None)
    if line is None:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
        if frames:
            filename, line = frames[-1].filename, frames[-1].lineno
    message = f"template {Path(filename).name} failed for module {module.id}: {exc}"
    return Diagnostic(str(filename), Position(line, 1) if line else None, Severity.ERROR, message, "template.render")


def metadata(module: ModuleView, kind: str) -> Metadata:
    """Return the document properties of one output of a module; `kind` is translated."""
    kind = translations(module.language).gettext(kind)
    # Theme ids, not titles: nine titles would pass the 255 characters Office allows.
    keywords = ("gender", "security sector reform", *module.themes)
    return Metadata(
        title=_shorten(f"{module.title} — {kind}"),
        language=module.language,
        subject=_shorten(module.summary),
        keywords=keywords,
    )


def _shorten(text: str, limit: int = 255) -> str:
    """Return text cut at a word to fit a document property (Office allows 255 characters)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def build_deck(module: ModuleView, options: RenderOptions) -> Deck:
    """Return the slide deck of a module as a document tree; raise DiagnosticsError for a picture it may not show."""
    markdown = render_markdown("slides.md.j2", module, options)
    slides = confine_pictures(parse_slides(markdown, FigureSource(module, "slides.md.j2")), module, options)
    slides = with_figure_notes(with_origins_slides(slides, module))
    _ = translations(module.language).gettext
    labels = DeckLabels(_("(cont.)"), _("(cont. %(n)s)"), _("Continued from the previous slide."))
    origin = Origin(module.file, module.position(("title",)))  # the footer is the module's title
    return Deck(metadata(module, N_("slides")), footer=module.title, slides=slides, labels=labels, origin=origin)


def confine_pictures(slides: tuple[Slide, ...], module: ModuleView, options: RenderOptions) -> tuple[Slide, ...]:
    """Return the slides with each picture's path resolved, once checked; raise DiagnosticsError if one is refused.

    A template names pictures by path, and the deck writer reads the file it names: a
    user's template could show `/home/me/.ssh/id_rsa.png`, or `/dev/zero`. A picture must
    therefore follow the rule of a module's own images: inside the module's folder, links
    followed, a regular file within the image size limit. Relative paths are read from
    the module's folder. The writer gets the resolved path, so it reads what was checked.
    """
    folder = Path(module.file).parent.absolute()
    problems: list[Diagnostic] = []
    checked: list[Slide] = []
    for slide in slides:
        picture = slide.picture
        if picture is not None:
            target = folder / picture.path
            problem = check_inside(target, folder) or _too_big(target)
            if problem:
                problems.append(_picture_diagnostic(picture, problem, module, options))
                continue
            slide = replace(slide, picture=replace(picture, path=str(target.resolve())))
        checked.append(slide)
    if problems:
        raise DiagnosticsError(problems)
    return tuple(checked)


def _too_big(path: Path) -> str | None:
    """Return why an image file is too big to read, or None."""
    size = path.stat().st_size
    return f"the image is {size:,} bytes; the limit is {MAX_IMAGE_BYTES:,}" if size > MAX_IMAGE_BYTES else None


def _picture_diagnostic(picture: Picture, problem: str, module: ModuleView, options: RenderOptions) -> Diagnostic:
    """Return an error placed in the slides template: the picture it names, why it is refused and what to do."""
    template = environment(options.template_dirs, module.language).get_template("slides.md.j2").filename
    message = (
        f"template slides.md.j2 names a picture module {module.id} may not show, {quote(picture.path)}: {problem}; "
        "a template may show only images inside the module's folder, such as `slide.image.path | asset(folder)`"
    )
    return Diagnostic(str(template or "slides.md.j2"), None, Severity.ERROR, message, "template.picture")


def build_handout(module: ModuleView, options: RenderOptions) -> Document:
    """Return the participant handout of a module as a document tree."""
    blocks = parse_blocks(render_markdown("handout.md.j2", module, options), FigureSource(module, "handout.md.j2"))
    return Document(metadata(module, N_("participant handout")), with_origins(blocks, module))


def build_guide(module: ModuleView, options: RenderOptions) -> Document:
    """Return the facilitator guide of a module as a document tree."""
    blocks = parse_blocks(render_markdown("guide.md.j2", module, options), FigureSource(module, "guide.md.j2"))
    return Document(metadata(module, N_("facilitator guide")), with_origins(blocks, module))
