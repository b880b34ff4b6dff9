"""The collection builds on the indicators core, and the core knows nothing of it (read from the source)."""

from ..test_layering import ROOT, imported_names, parsed, source_files

COLLECTION = ROOT / "indicators" / "collection"


def imports(paths) -> dict[str, set[str]]:
    return {
        str(path.relative_to(ROOT)): imported_names(path, parsed(path), module_level_only=False)
        for path in paths
    }


def test_the_core_never_imports_the_collection():
    core = [path for path in source_files("indicators") if COLLECTION not in path.parents]
    offending = {
        path: sorted(name for name in names if name.startswith("indicators.collection"))
        for path, names in imports(core).items()
    }
    assert {path: names for path, names in offending.items() if names} == {}


def test_the_collection_imports_neither_certification_nor_comparison():
    collection = [path for path in source_files("indicators") if COLLECTION in path.parents]
    offending = {
        path: sorted(
            name
            for name in names
            if name.split(".")[0] in ("certification", "comparison")
            or name.startswith("indicators.comparison")
        )
        for path, names in imports(collection).items()
    }
    assert collection
    assert {path: names for path, names in offending.items() if names} == {}
