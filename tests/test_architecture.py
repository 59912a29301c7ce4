"""The package is laid out as the pipeline: stages import only the stages below them, and nothing in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "toolkit"

# From the top of the stack down; a stage may import its own package and any stage below it.
STAGES = ["cli", "pack", "quality", "build", "writers", "render", "module", "core"]
SAME_FLOOR = {"pack": {"quality"}, "quality": {"pack"}}  # side by side: neither may import the other


def _stage(module: str) -> str | None:
    """Return the stage of a dotted `toolkit.…` module name, or None for the package face."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _imports(path: Path, *, with_type_only: bool = True) -> set[str]:
    """Return every toolkit module a file imports, at the top or inside a function (lazy imports count too).

    Without `with_type_only`, imports under `if TYPE_CHECKING:` are left out: they name a type for
    mypy and are never run, so they make no circle at run time (they must still go down the stack).
    """
    found = set()
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = {id(child) for node in ast.walk(tree) if _is_type_checking_block(node) for child in ast.walk(node)}
    for node in ast.walk(tree):
        if not with_type_only and id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("toolkit"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            if not base.startswith("toolkit"):
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                is_module = (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py").exists() or (
                    PACKAGE.parent / candidate.replace(".", "/") / "__init__.py"
                ).exists()
                found.add(candidate if is_module else base)
    return found


def _graph(*, with_type_only: bool = True) -> dict[str, set[str]]:
    return {_module_name(path): _imports(path, with_type_only=with_type_only) for path in sorted(PACKAGE.rglob("*.py"))}


def _upward(importer: str, imported: str) -> bool:
    """Return True when `importer` reaches up the stack, or sideways into a stage on its own floor."""
    mine, theirs = _stage(importer), _stage(imported)
    if mine is None or theirs is None or mine == theirs:
        return False
    return STAGES.index(theirs) < STAGES.index(mine) or theirs in SAME_FLOOR.get(mine, set())


def test_imports_go_down_the_stack_only():
    upward = sorted(
        f"{importer} imports {imported}"
        for importer, imports in _graph().items()
        for imported in imports
        if _upward(importer, imported)
    )
    assert upward == []


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return each group of modules that import one another in a circle (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node] & graph.keys()):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                circles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return circles


def test_no_module_imports_in_a_circle():
    assert _circles(_graph(with_type_only=False)) == []


def test_the_package_top_holds_the_stages_and_little_else():
    entries = sorted(path.name for path in PACKAGE.iterdir() if not path.name.startswith((".", "__pycache__")))
    python_files = [name for name in entries if name.endswith(".py")]
    assert python_files == ["__init__.py", "__main__.py"]
    assert set(STAGES) <= set(entries)
    assert len(entries) <= 11, entries  # the stages, schema/ (editors point at it), __init__ and __main__


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_says_what_it_is_for(stage):
    face = PACKAGE / stage / "__init__.py"
    assert face.is_file()
    assert ast.get_docstring(ast.parse(face.read_text(encoding="utf-8")))


TESTS = Path(__file__).resolve().parent
# Folders of tests that are not one stage's: the shipped curriculum, and files the tests read.
TEST_FOLDERS_BESIDE_STAGES = {"content", "fixtures", "golden"}


def test_the_tests_are_laid_out_as_the_package():
    folders = {path.name for path in TESTS.iterdir() if path.is_dir() and not path.name.startswith((".", "__"))}
    assert folders - TEST_FOLDERS_BESIDE_STAGES <= set(STAGES), "a test folder named for no stage"
    for folder in folders - TEST_FOLDERS_BESIDE_STAGES:
        assert list((TESTS / folder).glob("test_*.py")), f"tests/{folder}/ holds no tests"
