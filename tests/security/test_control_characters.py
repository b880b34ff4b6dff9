"""An invisible control character (a vertical tab pasted from a PDF, a NUL) is refused at the model,
for every text field and by every door, with the field named; and a text that got in before (an older
database, a direct SQL write) never stops a download: every writer still writes its file."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from rest_framework.test import APIClient

from gdansk_iso.public.views import downloads
from indicators.models import IndicatorValue
from indicators.services import save_value
from indicators.year_entry import build_rows, save_rows
from tests.indicators.import_helpers import plan_of

pytestmark = pytest.mark.django_db

CONTROL = "GUS\x0bBDL"
TEXT_FIELDS = [
    field.name
    for field in IndicatorValue._meta.fields
    if field.get_internal_type() in ("CharField", "TextField") and not field.choices
]


def test_the_model_has_the_text_fields_this_test_believes():
    assert {"source", "notes", "text_value", "gap_reason", "review_note", "pending_source"} <= set(
        TEXT_FIELDS
    )


@pytest.mark.parametrize("name", TEXT_FIELDS)
@pytest.mark.parametrize("character", ["\x00", "\x0b", "\x1f", "\x7f", "\x85"])
def test_the_model_refuses_a_control_character_in_every_text_field_naming_it(
    gdansk, indicator, name, character
):
    value = IndicatorValue(city=gdansk, indicator=indicator, year=2019, value=Decimal(5))
    setattr(value, name, f"GUS{character}")
    with pytest.raises(ValidationError) as refused:
        value.full_clean(validate_unique=False, validate_constraints=False)
    assert "U+" in " ".join(refused.value.message_dict[name])


def test_line_breaks_and_tabs_stay_allowed(gdansk, indicator):
    value, _ = save_value(
        city=gdansk, indicator=indicator, year=2019, value=Decimal(5), notes="Line one\r\nline\ttwo"
    )
    assert value.notes == "Line one\r\nline\ttwo"


def through_service(user, gdansk, indicator):
    try:
        save_value(user=user, city=gdansk, indicator=indicator, year=2019, value=Decimal(5), source=CONTROL)
    except ValidationError as error:
        return error.message_dict
    return {}


def through_api(user, gdansk, indicator):
    client = APIClient()
    client.force_authenticate(user)
    body = {"city": "gdansk", "indicator": indicator.code, "year": 2019, "value": "5", "source": CONTROL}
    response = client.post("/api/values/", body, format="json")
    return response.json() if response.status_code == 400 else {}


def through_api_bulk(user, gdansk, indicator):
    client = APIClient()
    client.force_authenticate(user)
    body = [{"city": "gdansk", "indicator": indicator.code, "year": 2019, "value": "5", "source": CONTROL}]
    response = client.post("/api/values/bulk/", body, format="json")
    return response.json()["errors"][0]["errors"] if response.status_code == 400 else {}


def through_import(user, gdansk, indicator):
    text = f"Wskaźnik,Rok,Wartość,Źródło\n{indicator.code},2019,5,{CONTROL}\n"
    plan = plan_of(text.encode(), gdansk, user=user, name="values.csv")
    return [str(problem) for problem in plan.errors]


def through_admin_form(user, gdansk, indicator):
    model_admin = admin.site._registry[IndicatorValue]
    request = RequestFactory().post("/")
    request.user = user
    form = model_admin.get_form(request)(
        data={"city": gdansk.pk, "indicator": indicator.pk, "year": 2019, "value": "5", "source": CONTROL}
    )
    return {} if form.is_valid() else dict(form.errors)


def through_year_entry(user, gdansk, indicator):
    rows = build_rows(user=user, city=gdansk, year=2019, theme=indicator.theme)
    data = {f"i{indicator.pk}-value": "5", f"i{indicator.pk}-source": CONTROL}
    save_rows(user=user, city=gdansk, year=2019, rows=rows, data=data)
    row = next(row for row in rows if row.indicator == indicator)
    return row.errors


DOORS = [
    through_service,
    through_api,
    through_api_bulk,
    through_import,
    through_admin_form,
    through_year_entry,
]


@pytest.mark.parametrize("door", DOORS, ids=lambda door: door.__name__)
def test_every_door_refuses_a_control_character_naming_the_field(
    door, statistician, gdansk, indicator, english
):
    errors = door(statistician, gdansk, indicator)
    assert "source" in str(errors).lower(), errors
    assert "U+000B" in str(errors), errors
    assert not IndicatorValue.objects.exists()


@pytest.fixture
def published_with_a_control_character(gdansk, indicator):
    """A published value whose source holds a control character written past the model (older data)."""
    value, _ = save_value(
        city=gdansk, indicator=indicator, year=2019, value=Decimal(5), source="GUS", status="published"
    )
    IndicatorValue.objects.filter(pk=value.pk).update(source=CONTROL, notes="a\x1fb\x08c")
    return value


@pytest.mark.usefixtures("published_with_a_control_character")
@pytest.mark.parametrize(
    "path",
    [
        "/en/downloads/",
        *(f"/downloads/{name}" for name in downloads.FILES),
        "/en/indicators/5.1/data.xlsx",
        "/en/indicators/5.1/data.csv",
        "/en/iso-37120/data.xlsx",
        "/en/iso-37120/data.csv",
    ],
)
def test_no_single_text_stops_a_public_download(client, settings, tmp_path, path):
    settings.MEDIA_ROOT = tmp_path / "media"
    response = client.get(path)
    assert response.status_code == 200


@pytest.mark.usefixtures("published_with_a_control_character")
@pytest.mark.parametrize(
    "path",
    [
        "/en/admin/indicators/importbatch/export/?format=xlsx&city=&year=&status=",
        "/en/admin/indicators/indicatorvalue/history.xlsx?city=gdansk&year=2019",
    ],
)
def test_no_single_text_stops_a_back_office_download(client, auditor, path):
    client.force_login(auditor)
    response = client.get(path)
    assert response.status_code == 200
