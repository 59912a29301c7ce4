"""The `ssr-toolkit` command line: thin Click commands over the library.

Heavy libraries (python-pptx, python-docx, Jinja2) are imported inside the commands
that write files, so `--help`, `list` and `validate` answer at once.
"""

from __future__ import annotations

import errno
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

import click

from toolkit import __version__
from toolkit.core.diagnostics import Diagnostic, Severity

DEFAULT_MODULES = Path("modules")

output_format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text for people (default), json for machines.",
)


# Failures of the machine rather than of the toolkit: each is said with the file and what to do, never "internal error".
_SYSTEM_PROBLEMS = {
    errno.ENOSPC: "disk-full",
    errno.EDQUOT: "disk-full",
    errno.EROFS: "read-only",
    errno.EACCES: "permission",
    errno.EPERM: "permission",
}


def _system_problem(exc: OSError, kind: str) -> str:
    """Return what went wrong with which file, and what to do about it."""
    where = f"{exc.filename}: " if exc.filename else ""
    advice = {
        "disk-full": "free some space on that disk, or build into another folder with --out",
        "read-only": "the folder is read-only: build into another folder with --out",
        "permission": "you may not write or read there: check its permissions, or use another folder with --out",
    }[kind]
    return f"{where}{exc.strerror or exc}; {advice}"


def _silence_stdout() -> None:
    """Point stdout at the null device, so Python's flush at exit does not fail on the closed pipe again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


class ToolkitGroup(click.Group):
    """A command group that turns unexpected exceptions into one clear line unless --debug."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing half-written was left behind.", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # The reader went away (`ssr-toolkit list | head`): stop quietly, as other command-line tools do.
            _silence_stdout()
            sys.exit(0)
        except MemoryError:
            click.echo(
                "error: the toolkit ran out of memory; a module, image or template may be far larger than usual "
                "(docs/security.md lists the limits) [system.memory]",
                err=True,
            )
            sys.exit(1)
        except Exception as exc:  # the last line of defence: never a traceback without --debug
            kind = _SYSTEM_PROBLEMS.get(exc.errno) if isinstance(exc, OSError) and exc.errno else None
            if isinstance(exc, OSError) and kind:
                click.echo(f"error: {_system_problem(exc, kind)} [system.{kind}]", err=True)
                sys.exit(1)
            if isinstance(exc, OSError) and exc.filename:  # the system refused a file: say which, not "report it"
                problem = f"{exc.filename}: {exc.strerror or exc}"
                click.echo(f"error: {problem}; check that file or folder, then run again [system.io]", err=True)
                sys.exit(1)
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            else:
                click.echo(
                    f"internal error: {type(exc).__name__}: {exc}\n"
                    "Run again with --debug for details, and please report it.",
                    err=True,
                )
            sys.exit(70)


@click.group(cls=ToolkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ssr-toolkit")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Compile gender and SSR training modules (YAML) into slide decks, handouts and facilitator guides.

    \b
    Examples:
      ssr-toolkit validate                 check every module under modules/
      ssr-toolkit list                     show the modules you can build
      ssr-toolkit build peru-trc           deck, handout and guide for one module
      ssr-toolkit new my-module            start a new module from a commented scaffold
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def module_paths(paths: tuple[Path, ...]) -> list[Path]:
    from toolkit.core.paths import find_module_files

    if paths:
        return find_module_files(list(paths))
    if not DEFAULT_MODULES.is_dir():
        raise click.UsageError("no modules/ folder here; run from the project folder or name module files")
    return find_module_files([DEFAULT_MODULES])


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        colour = "red" if diagnostic.severity is Severity.ERROR else "yellow"
        click.secho(diagnostic.format(), fg=colour, err=True)


def resolve_modules(names: tuple[str, ...], language: str | None) -> list[Path]:
    """Return module files for ids or paths.

    An id is looked up as modules/<id>.yaml, or modules/<id>.<lang>.yaml with --lang;
    with no names, every module (in the one language when --lang is given).
    """
    if not names:
        paths = module_paths(())
        return [p for p in paths if language_of(p) == language] if language else paths
    paths = []
    for name in names:
        path = Path(name)
        if path.exists():
            paths.extend(module_paths((path,)))
            continue
        candidates = (
            [DEFAULT_MODULES / f"{name}.{language}.yaml", DEFAULT_MODULES / f"{name}.yaml"]
            if language
            else [DEFAULT_MODULES / f"{name}.yaml"]
        )
        found = [c for c in candidates if c.is_file() and (not language or language_of(c) == language)]
        if found:
            paths.append(found[0])
            continue
        variants = sorted(DEFAULT_MODULES.glob(f"{name}.*yaml")) if DEFAULT_MODULES.is_dir() else []
        if variants:
            languages = ", ".join(sorted({language_of(v) or "?" for v in variants}))
            raise click.BadParameter(
                f"module {name!r} is not available in {language}; it is in: {languages}", param_hint="--lang"
            )
        known = (
            ", ".join(sorted({p.name.split(".")[0] for p in module_paths(())})) if DEFAULT_MODULES.is_dir() else "none"
        )
        raise click.BadParameter(f"no module file or id {name!r}; known ids: {known}", param_hint="MODULE")
    return paths


def language_of(path: Path) -> str | None:
    """Return the language a module file declares, read without validating the module; None when it cannot say.

    A module with errors still has its language, so `--lang` finds it and the build reports the errors.
    """
    from toolkit.core.diagnostics import DiagnosticsError
    from toolkit.core.vocab import DEFAULT_LANGUAGE
    from toolkit.module.yamlsafe import load_yaml_file

    try:
        data = load_yaml_file(path, str(path)).data
    except DiagnosticsError:
        return None
    language = data.get("language", DEFAULT_LANGUAGE) if isinstance(data, dict) else None
    return language if isinstance(language, str) else None


if __name__ == "__main__":
    main()
