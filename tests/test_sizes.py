"""Files a newcomer can read: no module of the code longer than 500 lines (migrations and tests aside), no
template line longer than 200 characters (a diff shows it whole)."""

from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CODE_FOLDERS = ("indicators", "certification", "gdansk_iso", "bench")
MAX_LINES = 500
MAX_TEMPLATE_LINE = 200


def test_no_python_module_is_longer_than_500_lines():
    long = {
        str(path.relative_to(ROOT)): lines
        for folder in CODE_FOLDERS
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def template_files() -> list[Path]:
    """Every template of the project: the site-wide folder and each app's templates/."""
    return sorted(
        path
        for path in ROOT.rglob("templates/**/*")
        if path.is_file() and not {".venv", "node_modules", ".cache"} & set(path.parts)
    )


def test_no_template_line_is_longer_than_200_characters():
    long = [
        f"{path.relative_to(ROOT)}:{number} ({len(line)})"
        for path in template_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > MAX_TEMPLATE_LINE
    ]
    assert long == []


def test_the_template_finder_sees_the_templates_of_every_app():
    folders = {path.relative_to(ROOT).parts[0] for path in template_files()}
    assert {"templates", "gdansk_iso", "indicators"} <= folders
