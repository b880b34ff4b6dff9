"""Writes the source workbooks with openpyxl and has LibreOffice save them as .ods and .xls.

    .venv/bin/python tests/data/workbooks/make_workbooks.py      # needs `soffice` (libreoffice-calc-nogui)

The files LibreOffice writes are committed next to this script, so the tests never need LibreOffice.
"""

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
FORMATS = ("ods", "xls")


def quirks(workbook: Workbook) -> None:
    """Every layout and cell quirk the import reads, each on its own sheet or row."""
    economy = workbook.create_sheet("Gospodarka")
    economy.append(["Wskaźniki ISO 37120 — Gdańsk"])
    economy.append([])
    economy.append(["Wskaźnik", "Rok", "Wartość", "Źródło"])
    economy.append(["5.1", 2019, 4.2, "GUS"])  # plain
    economy.append([5.2, 2019, 3, "GUS"])  # a code typed as a number: only 5.2 matches
    economy.append(["5.3", "2020 r.", "12,5", "GUS"])  # a year and a number typed as Polish text
    economy.append(["5.4", 2019, 0.125, "GUS"])  # a fraction shown as a percentage: 12.5
    economy["C7"].number_format = "0.0%"
    economy.append(["6.1", 2019, "=40+2", "GUS"])  # a formula: LibreOffice stores its value
    economy.append(["6.2", 2019, "-", "GUS"])  # the dash: a zero
    education = workbook.create_sheet("Edukacja")
    education.append(["Kod", "Nazwa", 2018, "2019"])
    education.append(["7.1", "Wide", 10, 11])
    notes = workbook.create_sheet("Notatki")
    notes.append(["Przygotował Wydział Statystyki."])


def mistakes(workbook: Workbook) -> None:
    """Cells the import refuses, each pointing at its place."""
    sheet = workbook.create_sheet("Gospodarka")
    sheet.append(["Wskaźnik", "Rok", "Wartość"])
    sheet.append([16.1, 2019, 1])  # 16.1 or 16.10
    sheet.append(["5.1", 2019, date(2019, 5, 1)])  # a date where a number belongs
    sheet.append(["9.99", 2019, 1])  # unknown indicator


def statistician(workbook: Workbook) -> None:
    """A city's year as a statistician saves it: good rows, rows with warnings (one explained), bad rows."""
    sheet = workbook.create_sheet("Bezpieczeństwo")
    sheet.append(["Wskaźnik", "Rok", "Wartość", "Licznik", "Mianownik", "Źródło", "Wyjaśnienie"])
    sheet.append(["PPL-01", 2019, 470907, None, None, "GUS BDL"])
    sheet.append(["10.1", 2018, 250, None, None, "KM PSP"])
    sheet.append(["10.1", 2019, 2.5, None, None, "KM PSP"])  # per 1 000 in a per 100 000 indicator
    sheet.append(["10.2", 2019, 1, 5, 500000, "KM PSP"])  # a denominator 6 % off the population
    sheet.append(["6.6", 2019, 104, None, None, "SIO", "Szkoły przyjmują uczniów spoza miasta."])
    sheet.append(["5.1", 2019, "abc", None, None, "GUS"])  # not a number
    sheet.append(["9.99", 2019, 1, None, None, "GUS"])  # no such indicator


def far_apart(workbook: Workbook) -> None:
    """Two cells at opposite corners of an .xls sheet: a tiny file spanning 16 million cells."""
    sheet = workbook.create_sheet("Daleko")
    sheet["A1"] = "Wskaźnik"
    sheet["IV65536"] = 1


WORKBOOKS = {"quirks": quirks, "mistakes": mistakes, "far_apart": far_apart, "statistician": statistician}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        sources = []
        for name, fill in WORKBOOKS.items():
            workbook = Workbook()
            workbook.remove(workbook.active)
            fill(workbook)
            source = Path(folder) / f"{name}.xlsx"
            workbook.save(source)
            sources.append(str(source))
        for extension in FORMATS:
            subprocess.run(  # noqa: S603
                [
                    shutil.which("soffice") or "soffice",
                    "--headless",
                    "--convert-to",
                    extension,
                    "--outdir",
                    str(HERE),
                    *sources,
                ],
                check=True,
                stdout=sys.stdout,
            )


if __name__ == "__main__":
    main()
