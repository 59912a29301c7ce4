"""Benchmark: build a synthetic curriculum of N modules and compare with Pandoc on the same content.

Usage:  python bench/run.py [--sizes 1,10,100] [--jobs 2] [--repeat 3] [--scale] [--keep DIR]

For each N it generates N deterministic modules (about 15 slides with speaker notes,
4 discussion questions and a 600-word case text each), then measures, in one run:

- ours:   `ssr-toolkit build --force` of all N modules into deck, handout and guide: with
  its cache; with every module edited just before (validated again); with an empty cache;
- pandoc: (when `pandoc` is on PATH) the Markdown export of the same modules converted to
  one .pptx and two .docx per module, three pandoc processes per module as a Makefile
  would run them, with as many at once as our --jobs.

With --pdf it also measures, for the same N modules, `build --format pdf` (five PDFs a module:
handout, guide, slides, notes pages, slide handout) against LibreOffice converting the
module's .docx and .pptx files (three PDFs a module) to PDF in one `soffice --headless`
process (its fastest use) and, for N up to 10, one process a file (as a trainer converts by
hand, or a Makefile would), and the time `watch --preview` takes from a save to a fresh slide
picture.

Each curriculum is built once untimed first (the first run after installing compiles the
templates), then ours and Pandoc take turns. It prints wall and CPU time per N, the time
per module, our wall time divided by Pandoc's, and our largest process's peak memory. It
is a script, never a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from synthetic import write_curriculum

PROJECT = Path(__file__).resolve().parent.parent
OUR_PEAK_KIB = [0]  # the largest peak RSS of any of our builds' processes


def children_usage() -> tuple[float, int]:
    """Return CPU seconds used by finished child processes so far, and the largest child's peak RSS in KiB."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def measure(run) -> tuple[float, float]:
    """Return the wall and CPU seconds `run()` took in child processes, after its untimed `setup` if it has one."""
    if setup := getattr(run, "setup", None):
        setup()
    cpu_before, _ = children_usage()
    started = time.perf_counter()
    run()
    wall = time.perf_counter() - started
    cpu_after, _ = children_usage()
    return wall, cpu_after - cpu_before


def interleaved(repeat: int, runs: list) -> list[tuple[float, float]]:
    """Return the median wall and CPU seconds of each run, taking turns so that a noisy neighbour
    on a shared machine slows every contender alike."""
    results: list[list[tuple[float, float]]] = [[] for _ in runs]
    for _ in range(max(1, repeat)):
        for index, run in enumerate(runs):
            results[index].append(measure(run))
    return [sorted(times)[len(times) // 2] for times in results]


def prepare_install() -> None:
    """Compile the toolkit's Python files, as installing a package does (pip writes them at install)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(PROJECT / "toolkit")], check=True)


def build_ours(modules: Path, out: Path, jobs: int, cache: Path | None = None) -> None:
    """Build with the toolkit's cache in `cache` (kept between runs), or in a new, empty folder when None."""
    folder = cache or Path(tempfile.mkdtemp(prefix="ssr-bench-cache-"))
    command = [
        sys.executable,
        "-m",
        "toolkit",
        "build",
        str(modules),
        "--out",
        str(out),
        "--force",
        "--jobs",
        str(jobs),
    ]
    environment = {**os.environ, "XDG_CACHE_HOME": str(folder)}
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    _, status, usage = os.wait4(process.pid, 0)  # this build's own usage: its largest process, workers included
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    OUR_PEAK_KIB[0] = max(OUR_PEAK_KIB[0], usage.ru_maxrss)
    if cache is None:
        shutil.rmtree(folder)


def edit_every_module(modules: Path) -> None:
    """Change every module file (a new comment line), as an edit does: its cached verdict no longer applies."""
    for path in modules.glob("*.yaml"):
        with path.open("a", encoding="utf-8") as file:
            file.write(f"# edited {time.time_ns()}\n")


def export_markdown(modules: Path, folder: Path) -> list[Path]:
    """Return the Markdown files Pandoc converts: slides, handout and guide of every module (not timed)."""
    from toolkit.module.loader import load_module
    from toolkit.render.templates import RenderOptions, build_deck, build_guide, build_handout
    from toolkit.writers.markdown import deck_markdown, document_markdown

    files = []
    for path in sorted(modules.glob("*.yaml")):
        module = load_module(path).module
        options = RenderOptions()
        for name, text in (
            ("slides", deck_markdown(build_deck(module, options))),
            ("handout", document_markdown(build_handout(module, options))),
            ("guide", document_markdown(build_guide(module, options))),
        ):
            target = folder / f"{module.id}-{name}.md"
            target.write_text(text, encoding="utf-8")
            files.append(target)
    return files


def build_pandoc(sources: list[Path], out: Path, jobs: int) -> None:
    def convert(source: Path) -> None:
        suffix = ".pptx" if source.stem.endswith("-slides") else ".docx"
        target = out / (source.stem + suffix)
        subprocess.run(["pandoc", str(source), "-o", str(target)], check=True, stderr=subprocess.DEVNULL)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(convert, sources))


def build_ours_pdf(modules: Path, out: Path, jobs: int, cache: Path, formats: str = "pdf") -> None:
    """Build every module in `formats` with the toolkit (`build --format pdf --force`: its five PDFs)."""
    command = [sys.executable, "-m", "toolkit", "build", str(modules), "--format", formats, "--out", str(out)]
    command += ["--force", "--jobs", str(jobs)]
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment, check=True)


def convert_with_libreoffice(office_files: list[Path], out: Path, profile: Path) -> None:
    """Convert .docx and .pptx files to PDF with LibreOffice, all in one headless process (its fastest use)."""
    command = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
    command += ["--outdir", str(out), *map(str, office_files)]
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)


def convert_one_by_one(office_files: list[Path], out: Path, profile: Path) -> None:
    """Convert .docx and .pptx files to PDF with LibreOffice, one process a file, as by hand."""
    for office_file in office_files:
        convert_with_libreoffice([office_file], out, profile)


ONE_BY_ONE_UP_TO = 10  # LibreOffice's start-up (~1 s) a file makes larger N slow to time


def preview_after_save(root: Path, repeat: int) -> float:
    """Return the median seconds `watch --preview` takes from saving a module to a fresh picture of its first slide."""
    modules = root / "preview" / "modules"
    write_curriculum(modules, 1)
    module = next(modules.glob("*.yaml"))
    out = root / "preview" / "out"
    environment = {**os.environ, "XDG_CACHE_HOME": str(root / "cache")}
    command = [sys.executable, "-m", "toolkit", "watch", str(module), "--out", str(out), "--jobs", "1", "--preview"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    times = []
    try:
        picture = next(iter(_wait(lambda: list(out.glob("*/*/preview/slides/001.png")))))
        for run in range(max(1, repeat)):
            before = picture.stat().st_mtime_ns
            time.sleep(1.5)  # a later modification time than the last save, even where times are in whole seconds
            started = time.perf_counter()
            with module.open("a", encoding="utf-8") as file:
                file.write(f"# saved {run}\n")
            _wait(partial(_changed, picture, before))
            times.append(time.perf_counter() - started)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return sorted(times)[len(times) // 2]


def _changed(path: Path, before: int) -> bool:
    """Return True once the file at `path` has another modification time than `before`."""
    return path.stat().st_mtime_ns != before


def _wait(condition, seconds: float = 120):
    """Return `condition()` once it is true, looking every 20 ms; raise TimeoutError after `seconds`."""
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        if time.monotonic() > deadline:
            raise TimeoutError("the preview did not appear")
        time.sleep(0.02)
    return found


def pdf_table(root: Path, sizes: list[int], jobs: int, repeat: int) -> None:
    """Print our PDF time against LibreOffice's for the same modules, and the preview's time from save to picture.

    Our PDF time is what the PDFs add to a build: a build of the Office files and the PDFs
    less a build of the Office files alone (both render the same templates once). LibreOffice
    converts the Office files of that build, every file in one process, and (N up to 10) one
    process a file.
    """
    soffice = shutil.which("soffice")
    print(
        "\n| N | Office files only, wall s | Office files and 5 PDFs a module, wall s | our PDFs add, wall s "
        "| CPU s | LibreOffice: 3 PDFs a module, wall s | CPU s | ours / LibreOffice, wall | CPU "
        "| LibreOffice, a process a file, wall s | CPU s | ours / that, wall | CPU |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    office_formats = "slides,handout,guide"
    for size in sizes:
        modules = root / f"n{size}" / "modules"
        office = root / f"n{size}" / "ours"
        if not office.is_dir():
            write_curriculum(modules, size)
            build_ours(modules, office, jobs, root / "cache")
        office_files = sorted([*office.glob("*/*/*.pptx"), *office.glob("*/*/*.docx")])
        both_out, lo_out, profile = root / f"n{size}" / "pdf", root / f"n{size}" / "lo", root / "lo-profile"
        cache = root / "cache"
        runs = [
            partial(build_ours_pdf, modules, both_out, jobs, cache, office_formats),
            partial(build_ours_pdf, modules, both_out, jobs, cache, f"{office_formats},pdf"),
        ]
        if soffice:
            runs.append(partial(convert_with_libreoffice, office_files, lo_out, profile))
            if size <= ONE_BY_ONE_UP_TO:
                runs.append(partial(convert_one_by_one, office_files, lo_out, profile))
            convert_with_libreoffice(office_files[:1], lo_out, profile)  # untimed: LibreOffice makes its profile
        build_ours_pdf(modules, both_out, jobs, cache, f"{office_formats},pdf")  # untimed, as for the Office files
        (office_wall, office_cpu), (both_wall, both_cpu), *office_times = interleaved(repeat, runs)
        wall, cpu = max(both_wall - office_wall, 0.0), max(both_cpu - office_cpu, 0.0)
        row = f"| {size} | {office_wall:.2f} | {both_wall:.2f} | {wall:.2f} | {cpu:.2f} |"
        for lo_wall, lo_cpu in office_times:
            row += f" {lo_wall:.2f} | {lo_cpu:.2f} | {wall / lo_wall:.3f} | {cpu / lo_cpu:.3f} |"
        if not office_times:
            row += " – (soffice not on PATH) | – | – | – |"
        if len(office_times) < 2:
            row += " – | – | – | – |"
        print(row, flush=True)
    seconds = preview_after_save(root, repeat)
    print(f"\nwatch --preview, from a save to a fresh slide picture (median of {repeat}): {seconds:.2f} s")


def scale_table(sizes: tuple[int, ...] = (100, 300, 1000)) -> None:
    """Print the time per slide of decks of growing size: it should stay flat, not grow."""
    from toolkit.render.doctree import Deck, ListBlock, Metadata, Paragraph, Slide, Span
    from toolkit.writers.pptx import write_deck

    print("\n| slides | seconds | ms per slide |")
    print("|---:|---:|---:|")
    for count in sizes:
        slides = tuple(
            Slide(
                "content",
                (Span(f"Slide {n}"),),
                (ListBlock(tuple((Span(f"Point {k} of slide {n}"),) for k in range(4))),),
                notes=(Paragraph((Span(f"Notes for slide {n}."),)),),
            )
            for n in range(count)
        )
        deck = Deck(Metadata("Scale", "en"), "Scale", slides)
        started = time.perf_counter()
        write_deck(deck)
        seconds = time.perf_counter() - started
        print(f"| {count} | {seconds:.2f} | {1000 * seconds / count:.1f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10,100", help="numbers of modules, comma-separated")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)), help="processes at once")
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated files in this folder")
    parser.add_argument("--scale", action="store_true", help="also time decks of 100, 300 and 1,000 slides")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the median is shown")
    parser.add_argument("--pdf", action="store_true", help="also time PDFs against LibreOffice, and the preview")
    args = parser.parse_args()
    pandoc = shutil.which("pandoc")
    root = args.keep or Path(tempfile.mkdtemp(prefix="ssr-bench-"))
    pandoc_version = "not installed"
    if pandoc:
        pandoc_version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    print(
        f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, jobs={args.jobs}, pandoc: {pandoc_version}"
    )
    print(
        "| N | ours wall s | ours CPU s | ours s/module | pandoc wall s | pandoc CPU s | ours / pandoc "
        "| ours, modules edited, wall s | that / pandoc | ours, empty cache, wall s | that / pandoc |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    prepare_install()
    for size in (int(n) for n in args.sizes.split(",")):
        modules = root / f"n{size}" / "modules"
        write_curriculum(modules, size)
        ours_out, cache = root / f"n{size}" / "ours", root / "cache"
        # Untimed: the first run compiles the templates and keeps each module's verdict, as any first run does.
        build_ours(modules, ours_out, args.jobs, cache)
        edited = partial(build_ours, modules, ours_out, args.jobs, cache)
        edited.setup = partial(edit_every_module, modules)  # type: ignore[attr-defined]
        runs = [
            partial(build_ours, modules, ours_out, args.jobs, cache),
            partial(build_ours, modules, ours_out, args.jobs),  # an empty cache every time
            edited,  # every module changed since its last validation; templates and validator kept
        ]
        if pandoc:
            markdown = root / f"n{size}" / "markdown"
            markdown.mkdir(exist_ok=True)
            sources = export_markdown(modules, markdown)
            pandoc_out = root / f"n{size}" / "pandoc"
            pandoc_out.mkdir(exist_ok=True)
            runs.append(partial(build_pandoc, sources, pandoc_out, args.jobs))
        (wall, cpu), (cold, _), (changed, _), *others = interleaved(args.repeat, runs)
        row = f"| {size} | {wall:.2f} | {cpu:.2f} | {wall / size:.3f} |"
        if others:
            p_wall, p_cpu = others[0]
            row += f" {p_wall:.2f} | {p_cpu:.2f} | {wall / p_wall:.2f} |"
            row += f" {changed:.2f} | {changed / p_wall:.2f} | {cold:.2f} | {cold / p_wall:.2f} |"
        else:
            row += f" – | – | – | {changed:.2f} | – | {cold:.2f} | – |"
        print(row, flush=True)
    _, peak = children_usage()
    ours, anyone = OUR_PEAK_KIB[0] / 1024, peak / 1024
    print(f"\npeak memory of our largest process: {ours:.0f} MiB (of any process, Pandoc's included: {anyone:.0f} MiB)")
    if args.pdf:
        pdf_table(root, [int(n) for n in args.sizes.split(",")], args.jobs, args.repeat)
    if args.scale:
        scale_table()
    if not args.keep:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
