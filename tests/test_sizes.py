"""Files a newcomer can read: no module of the code longer than 500 lines (migrations and tests aside)."""

from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CODE_FOLDERS = ("indicators", "certification", "gdansk_iso", "bench")
MAX_LINES = 500


def test_no_python_module_is_longer_than_500_lines():
    long = {
        str(path.relative_to(ROOT)): lines
        for folder in CODE_FOLDERS
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
