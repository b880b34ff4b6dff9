"""Number reading benchmark, run by hand: 41 700 figures typed as text (the import benchmark's size).

    .venv/bin/python bench/numbers_bench.py

Prints the time to learn what a file's signs mean and read every cell, and to read the same texts as
typed in a form; no database needed.
"""

import os
import random
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdansk_iso.settings")

CELLS = 41_700
COLUMNS = 30


def texts() -> list[str]:
    pick = random.Random(37120)
    made = []
    for _ in range(CELLS):
        whole = pick.randrange(0, 2_000_000)
        made.append(f"{whole:,}.{pick.randrange(100):02d}" if pick.random() < 0.5 else f"{whole:,}")
    return made


def main() -> None:
    django.setup()
    from indicators.numbers import FileSigns, read_typed

    cells = texts()
    started = time.perf_counter()
    signs = FileSigns()
    for index, text in enumerate(cells):
        signs.learn(index % COLUMNS, text, f"C{index}")
    for index, text in enumerate(cells):
        signs.read(index % COLUMNS, text)
    file_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for text in cells:
        if text.count(",") != 1 or "." in text:
            read_typed(text, "en")
    form_seconds = time.perf_counter() - started
    print(
        f"{CELLS} text cells: learnt and read in {file_seconds:.2f} s; read as typed in {form_seconds:.2f} s"
    )


if __name__ == "__main__":
    main()
