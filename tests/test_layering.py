"""The layers point one way, and each shared fact is spelled in one place (read from the source, not run).

`certification` builds on `indicators`; `indicators` never imports `certification`, and no app's modules
import each other in a circle at module level.
"""

import ast
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

from indicators.models import CURRENT_EDITION, FIRST_YEAR, LAST_YEAR_CONSTRAINT

ROOT = Path(settings.BASE_DIR)
APPS = ("indicators", "certification")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def source_files(app: str) -> list[Path]:
    return sorted(path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def imported_names(path: Path, tree: ast.AST, *, module_level_only: bool) -> set[str]:
    """Absolute dotted names each import statement of the file may load (module, or module.attribute)."""
    own = module_name(path)
    package = own if is_package(path) else own.rpartition(".")[0]
    names = set()
    for node in walk(tree, module_level_only=module_level_only):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def walk(tree: ast.AST, *, module_level_only: bool):
    """Every node, or only those run when the module is imported (not inside functions)."""
    pending = [tree]
    while pending:
        node = pending.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if module_level_only and isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            pending.append(child)


def parsed(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def import_graph(app: str) -> dict[str, set[str]]:
    """Module → modules of the same app it imports at module level (a package's __init__ counts too)."""
    files = source_files(app)
    modules = {module_name(path) for path in files}
    graph = {}
    for path in files:
        own = module_name(path)
        ancestors = {".".join(own.split(".")[:i]) for i in range(1, own.count(".") + 1)}
        targets = set()
        for name in imported_names(path, parsed(path), module_level_only=True):
            parts = name.split(".")
            loaded = {".".join(parts[:i]) for i in range(1, len(parts) + 1)} & modules
            targets |= loaded - ancestors - {own}
        graph[own] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_indicators_never_imports_certification():
    offending = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in source_files("indicators")
        for name in sorted(imported_names(path, parsed(path), module_level_only=False))
        if name == "certification" or name.startswith("certification.")
    ]
    assert offending == []


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_itself_in_a_circle(app):
    assert cycles(import_graph(app)) == []


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@cache
def app_code() -> list[tuple[Path, ast.AST]]:
    files = [path for app in (*APPS, "gdansk_iso") for path in source_files(app)]
    return [(path, parsed(path)) for path in files]


def places(predicate) -> list[str]:
    return sorted(
        {
            str(path.relative_to(ROOT))
            for path, tree in app_code()
            for node in ast.walk(tree)
            if predicate(node)
        }
    )


def test_the_home_city_setting_is_read_in_one_place():
    """Everything else asks City.objects.home() or City.is_home."""
    reads = places(lambda node: isinstance(node, ast.Attribute) and node.attr == "HOME_CITY_SLUG")
    assert reads == ["indicators/models.py"]


def test_the_current_edition_is_named_in_one_place():
    names = places(lambda node: isinstance(node, ast.Attribute) and node.attr == "ISO_37120_2014")
    numbers = places(lambda node: isinstance(node, ast.Constant) and node.value == CURRENT_EDITION)
    assert (names, numbers) == (["indicators/models.py"], ["indicators/models.py"])


def test_the_year_bounds_are_written_in_one_place():
    bounds = {FIRST_YEAR, LAST_YEAR_CONSTRAINT}
    literal = places(
        lambda node: isinstance(node, ast.Constant) and type(node.value) is int and node.value in bounds
    )
    assert literal == ["indicators/models.py"]


def test_the_xlsx_media_type_is_written_in_one_place():
    assert places(lambda node: isinstance(node, ast.Constant) and node.value == XLSX_MEDIA_TYPE) == [
        "indicators/exporting.py"
    ]
