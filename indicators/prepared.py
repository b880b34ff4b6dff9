"""A statement prepared once on each database connection and run without a cursor.

For the one statement every public request runs (the data version's read): through the ORM it costs this
process a compiled query and a cursor, and the server parsing and planning it anew; prepared and sent
through libpq it costs a fraction of both. Everything else goes through the ORM.

With PgBouncer in transaction mode, protocol-level prepared statements need its
`max_prepared_statements` (1.21 and later).
"""

import time
import weakref

from psycopg import OperationalError
from psycopg import errors as pg_errors
from psycopg.pq import ConnStatus, DiagnosticField, ExecStatus

DUPLICATE_PREPARED_STATEMENT = b"42P05"

# The libpq connections each statement is prepared on; a new connection (a reconnect) is not among them.
_prepared_on: dict[bytes, weakref.WeakSet] = {}


def run(connection, name: str, sql: str):
    """The result of the statement `sql`, prepared as `name` on the connection the first time. It is
    logged as Django logs its queries (DEBUG, tests counting queries)."""
    connection.close_if_health_check_failed()  # as Django's cursors do first
    connection.ensure_connection()
    statement = name.encode()
    started = time.monotonic()
    with connection.wrap_database_errors:
        pgconn = connection.connection.pgconn
        prepared_on = _prepared_on.setdefault(statement, weakref.WeakSet())
        if pgconn not in prepared_on:
            prepared = pgconn.prepare(statement, sql.encode())
            if prepared.status != ExecStatus.COMMAND_OK and not _already_prepared(prepared):
                raise failure(prepared, pgconn)
            prepared_on.add(pgconn)
        result = pgconn.exec_prepared(statement, [])
        if result.status != ExecStatus.TUPLES_OK:
            prepared_on.discard(pgconn)  # prepared again next time, should the server have lost it
            raise failure(result, pgconn)
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
    return result


def _already_prepared(result) -> bool:
    return result.error_field(DiagnosticField.SQLSTATE) == DUPLICATE_PREPARED_STATEMENT


def failure(result, pgconn) -> Exception:
    """The error psycopg raises for a failed statement: a lost connection is an OperationalError (libpq
    reports it as a result without an SQLSTATE), anything else the server's own error class."""
    if pgconn.status == ConnStatus.BAD:
        return OperationalError(result.get_error_message())
    return pg_errors.error_from_result(result)
