"""Writing tens of thousands of values at once (an import), where the ORM's work per object and per
field took most of the time: new rows go in with PostgreSQL's COPY, their history rows are copied by
the database from the rows just written. The rules stay in services.apply_planned_values, which
checks every value before anything here runs.
"""

from operator import attrgetter

from django.db import connection, models

from .models import IndicatorValue

HISTORY_CHUNK = 900  # ids per statement: under SQLite's limit of 999 parameters
COPY_AS_IS = {
    *("AutoField", "BigAutoField", "ForeignKey", "IntegerField", "PositiveSmallIntegerField"),
    *("DecimalField", "CharField", "TextField", "DateTimeField"),
}


def history_reason(text: str) -> str:
    """The change reason cut to what the history's column holds (100 characters); a reviewer's full
    reason stays on the value itself (returned_reason), a file's full name on its import batch."""
    limit = IndicatorValue.history.model._meta.get_field("history_change_reason").max_length
    return text if len(text) <= limit else text[: limit - 1] + "…"


def insert_values(values: list[IndicatorValue]) -> None:
    """Insert new, already validated values and give them their ids.

    On PostgreSQL the ids are taken from the table's sequence first and the rows streamed with COPY,
    far faster than bulk_create (bench/import_bench.py measures it); the database
    still enforces every constraint. COPY passes each field's Python value as it is, which is what
    Django would send for the plain types in COPY_AS_IS; a model with any other field type, or another
    database (the SQLite quick start), gets bulk_create.
    """
    fields = IndicatorValue._meta.concrete_fields
    if connection.vendor != "postgresql" or any(f.get_internal_type() not in COPY_AS_IS for f in fields):
        IndicatorValue.objects.bulk_create(values, batch_size=1000)
        return
    if not values:
        return
    table, quote = IndicatorValue._meta.db_table, connection.ops.quote_name
    stamped = [
        field
        for field in fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    row_of = attrgetter(*(field.attname for field in fields))
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, IndicatorValue._meta.pk.column, len(values)],
        )
        for value, (pk,) in zip(values, cursor.fetchall(), strict=True):
            value.pk = pk
            for field in stamped:
                field.pre_save(value, add=True)
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy,
        ):
            for value in values:
                copy.write_row(row_of(value))
    for value in values:
        value._state.adding, value._state.db = False, connection.alias


def copy_into_history(values: list[IndicatorValue], history_type: str, *, user, change_reason: str, when):
    """History rows for values just bulk-written, as simple_history's own bulk helper writes them (every
    tracked field, who, why, when), copied by the database with INSERT … SELECT: building a second
    model instance per value in Python took longer than the import's own writes.
    """
    history = IndicatorValue.history.model
    tracked = [field.attname for field in history.tracked_fields]
    stamps = {
        "history_date": models.Value(when, output_field=models.DateTimeField()),
        "history_user": models.Value(getattr(user, "pk", None), output_field=models.IntegerField()),
        "history_change_reason": models.Value(history_reason(change_reason), output_field=models.TextField()),
        "history_type": models.Value(history_type, output_field=models.CharField()),
    }
    stamp_names = {name: f"stamped_{name}" for name in stamps}
    columns = [history._meta.get_field(name).column for name in (*tracked, *stamps)]
    quote = connection.ops.quote_name
    insert = f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(map(quote, columns))}) "
    ids = [value.pk for value in values]
    with connection.cursor() as cursor:
        for start in range(0, len(ids), HISTORY_CHUNK):
            select = (
                IndicatorValue.objects.filter(pk__in=ids[start : start + HISTORY_CHUNK])
                .annotate(**{stamp_names[name]: value for name, value in stamps.items()})
                .order_by()
                .values_list(*tracked, *stamp_names.values())
            )
            sql, params = select.query.sql_with_params()
            cursor.execute(insert + sql, params)
