"""A statement prepared once on each database connection and run without a cursor.

For the one statement every public request runs (the data version's read): through the ORM it costs this
process a compiled query and a cursor, and the server parsing and planning it anew; prepared and sent
through libpq it costs a fraction of both. Everything else goes through the ORM.

Outside psycopg's cursors it does not open psycopg's transaction: as the first statement of an atomic
block it runs just before the block's BEGIN. For the data version that is the safe side: whatever the block
reads after it is never older than the version it read.

With PgBouncer in transaction mode, protocol-level prepared statements need its
`max_prepared_statements` (1.21 and later).
"""

import time
import weakref

from psycopg import OperationalError
from psycopg import errors as pg_errors
from psycopg.pq import ConnStatus, DiagnosticField, ExecStatus, TransactionStatus

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
            _prepare(pgconn, statement, sql)
            prepared_on.add(pgconn)
        result = pgconn.exec_prepared(statement, [])
        if _lost(result):
            # The server dropped it (DEALLOCATE ALL): prepared again, and run again unless a transaction,
            # which the failure ended, is open.
            prepared_on.discard(pgconn)
            if pgconn.transaction_status == TransactionStatus.IDLE:
                _prepare(pgconn, statement, sql)
                prepared_on.add(pgconn)
                result = pgconn.exec_prepared(statement, [])
        if result.status != ExecStatus.TUPLES_OK:
            raise _failure(result, pgconn)
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
    return result


def _prepare(pgconn, statement: bytes, sql: str) -> None:
    prepared = pgconn.prepare(statement, sql.encode())
    if prepared.status != ExecStatus.COMMAND_OK:
        raise _failure(prepared, pgconn)


def _lost(result) -> bool:
    sqlstate = result.error_field(DiagnosticField.SQLSTATE)
    return sqlstate is not None and sqlstate.decode() == pg_errors.InvalidSqlStatementName.sqlstate


def _failure(result, pgconn) -> Exception:
    """The error psycopg raises for a failed statement: a lost connection is an OperationalError (libpq
    reports it as a result without an SQLSTATE), anything else the server's own error class."""
    if pgconn.status == ConnStatus.BAD:
        return OperationalError(result.get_error_message())
    return pg_errors.error_from_result(result)
