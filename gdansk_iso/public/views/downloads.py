"""Open data downloads: the whole published data set as CSV, XLSX and a zip (one CSV per theme + metadata).

Machine CSVs: comma, dot, UTF-8 without BOM, text values in their own column, described by a
Frictionless Data Package (datapackage.json) beside the files and inside the zip.

The files are built once per data version (indicators.models.DataVersion) into
MEDIA_ROOT/downloads/<tag>/ and then served straight from disk, so a download costs one small query and
a file read.
"""

import io
import json
import os
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from indicators import caching, data_version
from indicators.csv_safe import csv_text
from indicators.exporting import XLSX_CONTENT_TYPE, csv_dialect, long_rows, xlsx_bytes
from indicators.models import DataVersion, Indicator, IndicatorValue
from indicators.selectors import published_values

from .. import datapackage
from ..datapackage import METADATA_COLUMNS, VALUE_COLUMNS, open_data_rows

CSV_NAME = "iso37120-values.csv"
XLSX_NAME = "iso37120-values.xlsx"
ZIP_NAME = "iso37120-by-theme.zip"
DATAPACKAGE_NAME = "datapackage.json"
PACKAGED_FILES = [CSV_NAME, XLSX_NAME]
MEMBER_MODE = 0o644  # files unpack readable by everyone
FILES = {
    CSV_NAME: (
        "text/csv; charset=utf-8",
        _("All published values, one row per city, indicator and year (CSV)"),
    ),
    XLSX_NAME: (
        XLSX_CONTENT_TYPE,
        _("The same values as an Excel workbook (XLSX)"),
    ),
    ZIP_NAME: (
        "application/zip",
        _("One CSV per theme and metadata.csv with the indicators' descriptions (ZIP)"),
    ),
    DATAPACKAGE_NAME: (
        "application/json",
        _("Frictionless Data Package: the columns and types of the CSV and XLSX files (JSON)"),
    ),
}


def downloads_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "downloads"


def ordered_published_values() -> list[IndicatorValue]:
    return list(
        published_values().order_by("city__slug", "indicator__edition", "indicator__sort_key", "year")
    )


def metadata_rows(values: list[IndicatorValue]) -> list[list]:
    """Every indicator of the catalogue with its names in three languages and the sources of its values."""
    sources: dict[int, list[str]] = {}
    for value in values:
        known = sources.setdefault(value.indicator_id, [])
        if value.source and value.source not in known:
            known.append(value.source)
    return [
        [
            indicator.edition,
            indicator.code,
            indicator.theme.number if indicator.theme else "",
            indicator.kind,
            indicator.name_pl,
            indicator.name_en,
            indicator.name_de,
            indicator.unit_pl,
            indicator.unit_en,
            indicator.unit_de,
            indicator.definition_pl,
            indicator.definition_en,
            indicator.definition_de,
            "; ".join(sources.get(indicator.pk, [])),
            settings.OPEN_DATA_LICENCE,
        ]
        for indicator in Indicator.objects.select_related("theme").order_by("edition", "sort_key")
    ]


def theme_file_name(value: IndicatorValue) -> str:
    theme = value.indicator.theme
    if theme is None:
        return f"{value.indicator.edition}-profile.csv"
    return f"{theme.edition}-theme-{theme.number:02d}-{theme.slug}.csv"


def values_csv(values: list[IndicatorValue]) -> str:
    return csv_text(VALUE_COLUMNS, open_data_rows(values, long_rows(values)))


def json_text(package: dict) -> str:
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"


def write_member(archive: zipfile.ZipFile, name: str, text: str) -> None:
    member = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = (0o100000 | MEMBER_MODE) << 16  # a regular file, rw-r--r--
    archive.writestr(member, text)


def zip_bytes(values: list[IndicatorValue]) -> bytes:
    by_theme: dict[str, list[IndicatorValue]] = {}
    for value in values:
        by_theme.setdefault(theme_file_name(value), []).append(value)
    buffer = io.BytesIO()
    resources = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, theme_values in sorted(by_theme.items()):
            write_member(archive, name, values_csv(theme_values))
            resources.append(datapackage.values_resource(name))
        write_member(archive, "metadata.csv", csv_text(METADATA_COLUMNS, metadata_rows(values)))
        resources.append(datapackage.metadata_resource("metadata.csv"))
        write_member(archive, DATAPACKAGE_NAME, json_text(datapackage.descriptor(resources)))
    return buffer.getvalue()


def build_files(directory: Path) -> None:
    values = ordered_published_values()
    (directory / CSV_NAME).write_text(values_csv(values), encoding="utf-8")
    rows = open_data_rows(values, long_rows(values))
    (directory / XLSX_NAME).write_bytes(xlsx_bytes({"values": (VALUE_COLUMNS, rows)}))
    (directory / ZIP_NAME).write_bytes(zip_bytes(values))
    package = datapackage.descriptor(
        [datapackage.values_resource(CSV_NAME), datapackage.values_resource(XLSX_NAME, "xlsx")]
    )
    (directory / DATAPACKAGE_NAME).write_text(json_text(package), encoding="utf-8")


def current_files(version: DataVersion) -> Path:
    """The directory holding the files for `version`, built (atomically, by one process) when missing."""
    directory = downloads_root() / version.tag
    if directory.is_dir():
        return directory
    downloads_root().mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".building-", dir=downloads_root()))
    try:
        build_files(building)
        os.rename(building, directory)
    except OSError:
        if not directory.is_dir():  # not another worker winning the race: a real failure
            raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    for stale in downloads_root().iterdir():
        if stale.is_dir() and stale.name != version.tag and not stale.name.startswith("."):
            shutil.rmtree(stale, ignore_errors=True)
    return directory


@require_safe
def downloads_page(request):
    version = data_version.current(request)
    directory = current_files(version)
    files = [
        {"name": name, "description": description, "size": (directory / name).stat().st_size}
        for name, (_media_type, description) in FILES.items()
    ]
    context = {
        "files": files,
        "changed_at": version.changed_at,
        "licence": settings.OPEN_DATA_LICENCE,
        "csv_url": request.build_absolute_uri(reverse("download-file", args=[CSV_NAME])),
        "indicator_csv_url": request.build_absolute_uri(
            reverse("indicators:indicator_download", args=["16.10", "csv"])
        ),
        "spreadsheet_separator": csv_dialect(get_language() or settings.LANGUAGE_CODE)["delimiter"],
    }
    return render(request, "public/downloads.html", context)


@require_safe
def download_file(request, name):
    if name not in FILES:
        raise Http404(_("No such download."))
    version = data_version.current(request)
    etag = caching.response_etag(version, name)
    response = get_conditional_response(request, etag=etag, last_modified=caching.last_modified(version))
    if response is None:
        path = current_files(version) / name
        response = FileResponse(
            path.open("rb"), as_attachment=True, filename=name, content_type=FILES[name][0]
        )
    response["ETag"] = etag
    if last_modified := caching.http_last_modified(version):
        response["Last-Modified"] = last_modified
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
    return response
