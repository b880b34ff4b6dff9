"""The layers point one way, and each shared fact is spelled in one place (read from the source, not run).

    public (gdansk_iso.public)  →  comparison (indicators.comparison), certification  →  the core (indicators)

Each layer imports only the layers below it, in Python (at module level or inside a function) and in
templates (`{% load %}` libraries); comparison and certification do not know each other; nothing imports
the project package's settings and URLs. No modules import each other in a circle, at module level (so
every import works) or inside functions (so every layer can be read on its own), and no top-level folder
imports another that imports it back.
"""

import ast
import re
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

from indicators.models import CURRENT_EDITION, FIRST_YEAR, LAST_STORABLE_YEAR

ROOT = Path(settings.BASE_DIR)
APPS = ("indicators", "certification")
FOLDERS = ("indicators", "certification", "gdansk_iso")
# the layer of each folder, most specific first, and the layers each may use
LAYER_FOLDERS = [
    ("gdansk_iso/public", "public"),
    ("gdansk_iso", "project"),
    ("indicators/comparison", "comparison"),
    ("indicators/collection", "collection"),
    ("certification", "certification"),
    ("indicators", "core"),
    ("templates/certification", "certification"),
    ("templates", "core"),  # the site-wide templates (base, error pages, shared partials, admin pages)
]
MAY_USE = {
    "core": {"core"},
    "comparison": {"comparison", "core"},
    "collection": {"collection", "core"},
    "certification": {"certification", "core"},
    "public": {"public", "comparison", "certification", "core"},
    "project": {"project", "public", "comparison", "collection", "certification", "core"},
}
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


def layer_of(path: Path) -> str:
    relative = path.relative_to(ROOT).as_posix()
    return next(layer for folder, layer in LAYER_FOLDERS if relative.startswith(f"{folder}/"))


def module_path(module: str) -> Path | None:
    """The file of a module of ours (package or module), None for a library's."""
    base = ROOT.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def all_source_files() -> list[Path]:
    return [path for folder in FOLDERS for path in source_files(folder)]


def test_each_layer_imports_only_the_layers_below_it():
    offending = []
    for path in all_source_files():
        own = layer_of(path)
        for name in sorted(imported_names(path, parsed(path), module_level_only=False)):
            target = module_path(name)
            if target is not None and layer_of(target) not in MAY_USE[own]:
                offending.append(f"{path.relative_to(ROOT)} ({own}) imports {name} ({layer_of(target)})")
    assert offending == []


LOAD_TAG = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def tag_libraries() -> dict[str, Path]:
    return {
        path.stem: path
        for folder in FOLDERS
        for path in (ROOT / folder).rglob("templatetags/*.py")
        if path.stem != "__init__"
    }


def template_files() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.html")
        if ".venv" not in path.parts and "node_modules" not in path.parts
    )


def test_templates_load_only_the_tag_libraries_of_their_layer_and_below():
    libraries = tag_libraries()
    offending = []
    for path in template_files():
        own = layer_of(path)
        for match in LOAD_TAG.finditer(path.read_text(encoding="utf-8")):
            for name in match.group(1).split():
                if name in libraries and layer_of(libraries[name]) not in MAY_USE[own]:
                    offending.append(f"{path.relative_to(ROOT)} ({own}) loads {name}")
    assert offending == []


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_itself_in_a_circle(app):
    assert cycles(import_graph(app)) == []


def test_no_modules_import_each_other_in_a_circle_even_inside_functions():
    files = all_source_files()
    modules = {module_name(path) for path in files}
    graph = {}
    for path in files:
        own = module_name(path)
        ancestors = {".".join(own.split(".")[:i]) for i in range(1, own.count(".") + 1)}
        targets = set()
        for name in imported_names(path, parsed(path), module_level_only=False):
            parts = name.split(".")
            targets |= ({".".join(parts[:i]) for i in range(1, len(parts) + 1)} & modules) - ancestors - {own}
        graph[own] = targets
    assert cycles(graph) == []


def test_no_folder_imports_one_that_imports_it_back():
    graph = {folder: set() for folder in FOLDERS}
    for path in all_source_files():
        own = path.relative_to(ROOT).parts[0]
        for name in imported_names(path, parsed(path), module_level_only=False):
            target = module_path(name)
            if target is not None and target.relative_to(ROOT).parts[0] != own:
                graph[own].add(target.relative_to(ROOT).parts[0])
    assert cycles(graph) == []


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
    assert reads == ["indicators/models/cities.py"]


def test_the_current_edition_is_named_in_one_place():
    names = places(lambda node: isinstance(node, ast.Attribute) and node.attr == "ISO_37120_2014")
    numbers = places(lambda node: isinstance(node, ast.Constant) and node.value == CURRENT_EDITION)
    assert (names, numbers) == (["indicators/models/base.py"], ["indicators/models/base.py"])


def test_the_year_bounds_are_written_in_one_place():
    bounds = {FIRST_YEAR, LAST_STORABLE_YEAR}
    literal = places(
        lambda node: isinstance(node, ast.Constant) and type(node.value) is int and node.value in bounds
    )
    assert literal == ["indicators/models/base.py"]


def test_the_xlsx_media_type_is_written_in_one_place():
    assert places(lambda node: isinstance(node, ast.Constant) and node.value == XLSX_MEDIA_TYPE) == [
        "indicators/exporting.py"
    ]


def test_cache_keys_and_lifetimes_are_named_in_one_place():
    """indicators.caching spells every key prefix and reads every lifetime setting."""

    def key_prefix(node):
        return (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and (node.value.startswith(("site:", "api:rendered:")))
        )

    def lifetime(node):
        return isinstance(node, ast.Attribute) and node.attr in {
            "SITE_CACHE_SECONDS",
            "API_RENDERED_CACHE_SECONDS",
        }

    assert (places(key_prefix), places(lifetime)) == (["indicators/caching.py"], ["indicators/caching.py"])


def test_no_cache_lifetime_is_a_bare_number_of_seconds():
    assert places(lambda node: isinstance(node, ast.Constant) and node.value == 600) == [
        "gdansk_iso/settings.py"
    ]


def test_the_population_code_is_written_in_one_place():
    assert places(lambda node: isinstance(node, ast.Constant) and node.value == "PPL-01") == [
        "indicators/models/base.py"
    ]


def test_the_default_language_is_read_from_the_settings():
    """`get_language() or "pl"` would hide LANGUAGE_CODE; the fallback is settings.LANGUAGE_CODE."""

    def literal_fallback(node):
        return isinstance(node, ast.BoolOp) and any(
            isinstance(value, ast.Constant) and value.value in {"pl", "en", "de"} for value in node.values
        )

    assert places(literal_fallback) == []


def test_years_in_query_parameters_are_read_by_params_only():
    """`str.isdigit()` lets "²²²²" through; indicators.params.parse_year reads ASCII digits only."""

    def isdigit_call(node):
        return isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "isdigit"

    assert places(isdigit_call) == ["indicators/models/base.py"]  # code_sort_key: parts of a code


VALUE_KIND_FIELDS = {"gap", "pending_gap", "text_value", "pending_text_value"}
TEMPLATE_VALUE_KIND = re.compile(r"{%\s*(?:el)?if\b[^%]*\.(?:gap|pending_gap|text_value|value is None)\b")


def branch_tests(tree: ast.AST):
    """Every condition in the code: of an if, a conditional expression, a loop, a comprehension, and/or."""
    for node in ast.walk(tree):
        if isinstance(node, ast.If | ast.IfExp | ast.While):
            yield node.test
        elif isinstance(node, ast.comprehension):
            yield from node.ifs
        elif isinstance(node, ast.BoolOp):
            yield from node.values


def test_what_a_value_holds_is_decided_in_one_place():
    """Gap, text or figure: IndicatorValue.holds / models.reading decide; pages, files, the API, PDFs and
    history pass only their way of writing a figure, never a branch on `gap` or `text_value` of their own."""
    branching = sorted(
        {
            str(path.relative_to(ROOT))
            for path, tree in app_code()
            for test in branch_tests(tree)
            for node in ast.walk(test)
            if isinstance(node, ast.Attribute) and node.attr in VALUE_KIND_FIELDS
        }
    )
    in_templates = [
        str(path.relative_to(ROOT))
        for path in template_files()
        if TEMPLATE_VALUE_KIND.search(path.read_text(encoding="utf-8"))
    ]
    assert (branching, in_templates) == (["indicators/models/values.py"], [])


def test_the_finder_of_value_kind_branches_finds_one():
    tree = ast.parse("label = sign if value.gap else value.text_value")
    assert any(
        isinstance(node, ast.Attribute) and node.attr == "gap"
        for test in branch_tests(tree)
        for node in ast.walk(test)
    )
    assert TEMPLATE_VALUE_KIND.search("{% if series.latest.gap %}")


def test_an_edition_from_outside_is_read_by_params_only():
    """`int()` reads "٢٠١٤" as 2014: every parameter, body and command argument goes through
    indicators.params.parse_edition, the only code that tests membership in the editions."""

    def edition_membership(node):
        return (
            isinstance(node, ast.Compare)
            and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops)
            and any("Edition" in ast.unparse(comparator) for comparator in node.comparators)
        )

    def edition_int(node):
        return (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", "") == "int"
            and any("edition" in ast.unparse(argument).lower() for argument in node.args)
        )

    assert (places(edition_membership), places(edition_int)) == (["indicators/params.py"], [])


def test_the_site_is_named_in_one_place():
    """“Gdańsk in numbers” is the home city's translated name (indicators.brand): no template writes a city's
    name or the site's, and only indicators.brand asks for the translation of "… in numbers"."""
    names = re.compile(r"Gda[ńn]sk|Danzig|in numbers|w liczbach|in Zahlen", re.IGNORECASE)
    site_names = re.compile(r"in numbers|w liczbach|in Zahlen", re.IGNORECASE)
    in_templates = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in template_files()
        for match in names.finditer(
            re.sub(r"{{ city }} in numbers", "", path.read_text(encoding="utf-8"))  # home, embed: any city
        )
    ]

    def translated_site_name(node):
        return (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", "") in {"_", "gettext", "gettext_lazy", "pgettext"}
            and any(
                isinstance(argument, ast.Constant)
                and isinstance(argument.value, str)
                and site_names.search(argument.value)
                for argument in node.args
            )
        )

    assert (in_templates, places(translated_site_name)) == ([], ["indicators/brand.py"])
