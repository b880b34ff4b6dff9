"""Writing tens of thousands of values at once (an import), where the ORM's work per object and per
field took most of the time: new rows go in with PostgreSQL's COPY, their history rows are copied by
the database from the rows just written. The rules stay in services.apply_planned_values, which
checks every value before anything here runs.
"""

from operator import itemgetter

from django.db import connection

from .models import IndicatorValue

# Field types whose Python value is what Django sends the database: COPY takes them as they are. A field
# of any other type is prepared by the field itself (get_db_prep_save), so a new field never turns COPY off.
COPY_AS_IS = {
    *("AutoField", "BigAutoField", "ForeignKey", "OneToOneField", "CharField", "TextField", "SlugField"),
    *("IntegerField", "BigIntegerField", "SmallIntegerField", "PositiveIntegerField"),
    *("PositiveSmallIntegerField", "PositiveBigIntegerField", "BooleanField", "DecimalField"),
    *("DateTimeField", "URLField", "EmailField"),
}


def history_reason(text: str) -> str:
    """The change reason cut to what the history's column holds (100 characters); a reviewer's full
    reason stays on the value itself (returned_reason), a file's full name on its import batch."""
    limit = IndicatorValue.history.model._meta.get_field("history_change_reason").max_length
    return text if len(text) <= limit else text[: limit - 1] + "…"


def insert_values(values: list[IndicatorValue]) -> None:
    """Insert new, already validated values and give them their ids.

    On PostgreSQL the ids are taken from the table's sequence first and the rows streamed with binary
    COPY, far faster than bulk_create (bench/import_bench.py measures it); the database still enforces
    every constraint. Each column is sent in the type the table itself declares (asked from the
    database), so no figure goes through text on either side, and a Python value of another type is
    refused rather than converted. COPY gets each field's Python value as it is where that is what
    Django would send (the types in COPY_AS_IS), else what the field prepares for the database; the
    values are read from the instances' own dictionaries, as a descriptor (a foreign key's id, a file)
    would only hand back what is stored there or wrap it.
    """
    if not values:
        return
    fields = IndicatorValue._meta.concrete_fields
    table, quote = IndicatorValue._meta.db_table, connection.ops.quote_name
    stamped = [
        field
        for field in fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    row_of = itemgetter(*(field.attname for field in fields))  # of __dict__: no descriptor per field
    prepared = [
        (index, field) for index, field in enumerate(fields) if field.get_internal_type() not in COPY_AS_IS
    ]
    columns = ", ".join(quote(field.column) for field in fields)
    key = IndicatorValue._meta.pk.attname
    with connection.cursor() as cursor:
        # the table's column types, for binary COPY; only the model's own names, quoted, go into the text
        cursor.execute(f"SELECT {columns} FROM {quote(table)} LIMIT 0")  # noqa: S608
        types = [column.type_code for column in cursor.description]
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, IndicatorValue._meta.pk.column, len(values)],
        )
        for field in stamped:  # one moment for the whole insert, as the database's now() would give
            field.pre_save(values[0], add=True)
        stamps = {field.attname: getattr(values[0], field.attname) for field in stamped}
        for value, (pk,) in zip(values, cursor.fetchall(), strict=True):
            attributes = value.__dict__
            attributes.update(stamps)
            attributes[key] = pk
        with (
            connection.wrap_database_errors,
            cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN (FORMAT BINARY)") as copy,
        ):
            copy.set_types(types)
            for value in values:
                row = row_of(value.__dict__)
                if prepared:
                    row = list(row)
                    for index, field in prepared:
                        row[index] = field.get_db_prep_save(row[index], connection)
                copy.write_row(row)
    alias = connection.alias
    for value in values:
        value._state.adding, value._state.db = False, alias


def copy_into_history(values: list[IndicatorValue], history_type: str, *, user, change_reason: str, when):
    """History rows for values just bulk-written, as simple_history's own bulk helper writes them (every
    tracked field, who, why, when), copied by the database with INSERT … SELECT: building a second
    model instance per value in Python took longer than the import's own writes. All ids go in one
    array.
    """
    if not values:
        return
    history = IndicatorValue.history.model
    quote = connection.ops.quote_name
    tracked = history.tracked_fields
    stamps = ("history_date", "history_user", "history_change_reason", "history_type")
    columns = [history._meta.get_field(field.attname).column for field in tracked]
    columns += [history._meta.get_field(name).column for name in stamps]
    stamped = [
        connection.ops.adapt_datetimefield_value(when),
        getattr(user, "pk", None),
        history_reason(change_reason),
        history_type,
    ]
    table, source = quote(history._meta.db_table), quote(IndicatorValue._meta.db_table)
    names, selected = ", ".join(map(quote, columns)), ", ".join(quote(field.column) for field in tracked)
    key = quote(IndicatorValue._meta.pk.column)
    # only the models' own table and column names, quoted, go into the text; the values are parameters
    insert = f"INSERT INTO {table} ({names}) SELECT {selected}, %s, %s, %s, %s FROM {source} WHERE {key}"  # noqa: S608
    ids = [value.pk for value in values]
    with connection.cursor() as cursor:
        cursor.execute(f"{insert} = ANY(%s)", [*stamped, ids])
