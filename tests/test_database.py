"""PostgreSQL is the one engine: what start-up says when it cannot have one, and the embedded server's
recovery from what a killed process left behind."""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from gdansk_iso.database import forget_dead_server

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, timeout=120, **env):
    """manage.py in a process of its own, with the environment given and no DATABASE_URL unless given."""
    return subprocess.run(  # noqa: S603 - the project's own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=without_database_url(**env),
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def a_pid_that_ended() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.parametrize("url", ["sqlite:///db.sqlite3", "mysql://user@localhost/registry"])
def test_a_database_url_of_another_engine_stops_start_up_with_one_sentence(url):
    result = manage("check", DATABASE_URL=url)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "PostgreSQL only" in result.stderr


@pytest.mark.parametrize("command", [["migrate"], ["runserver", "--noreload", "127.0.0.1:0"]])
def test_an_unreachable_server_stops_start_up_with_one_sentence(command):
    result = manage(*command, DATABASE_URL="postgres://postgres@127.0.0.1:1/registry", timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("The database 127.0.0.1:1/registry cannot be reached")
    )


def test_a_server_process_that_cannot_reach_its_database_does_not_start():
    result = subprocess.run(
        [sys.executable, "-c", "import gdansk_iso.wsgi"],
        cwd=ROOT,
        env=without_database_url(DATABASE_URL="postgres://postgres@127.0.0.1:1/registry"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "The database 127.0.0.1:1/registry cannot be reached" in result.stderr


def test_the_lock_file_of_a_server_that_no_longer_runs_is_removed(tmp_path):
    (tmp_path / "postmaster.pid").write_text(f"{a_pid_that_ended()}\n{tmp_path}\n")
    forget_dead_server(tmp_path)
    assert not (tmp_path / "postmaster.pid").exists()


def test_a_half_written_lock_file_is_removed(tmp_path):
    (tmp_path / "postmaster.pid").write_text("")
    forget_dead_server(tmp_path)
    assert not (tmp_path / "postmaster.pid").exists()


def test_processes_that_ended_no_longer_hold_the_server(tmp_path):
    (tmp_path / ".handle_pids.json").write_text(json.dumps([a_pid_that_ended(), os.getpid()]))
    forget_dead_server(tmp_path)
    assert json.loads((tmp_path / ".handle_pids.json").read_text()) == [os.getpid()]


def without_database_url(**env) -> dict:
    return {**{name: value for name, value in os.environ.items() if name != "DATABASE_URL"}, **env}


def query_in_a_new_process(folder: Path) -> subprocess.CompletedProcess:
    code = "from django.db import connection; connection.ensure_connection()"
    return manage("shell", "-v", "0", "-c", code, EMBEDDED_POSTGRES_DIR=str(folder))


def postmaster_of(folder: Path) -> int:
    return int((folder / "postmaster.pid").read_text().split()[0])


def holding_the_server(folder: Path) -> subprocess.Popen:
    """A process that uses the embedded server in `folder` and stays, returned once the server is ready."""
    code = "import time; from django.db import connection; connection.ensure_connection(); time.sleep(600)"
    holder = subprocess.Popen(  # noqa: S603 - the project's own manage.py
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=without_database_url(EMBEDDED_POSTGRES_DIR=str(folder)),
    )
    lock = folder / "postmaster.pid"
    deadline = time.monotonic() + 180  # initdb of a new cluster on a busy machine
    while time.monotonic() < deadline:
        if lock.exists() and "ready" in lock.read_text():
            return holder
        time.sleep(0.1)
    holder.kill()
    raise AssertionError(f"the embedded server in {folder} did not start")


@pytest.fixture
def folder():
    """A folder for an embedded server of the test's own. Not under pytest's tmp_path: pytest narrows
    that tree to its owner, and as root the server runs under a user of its own that must reach it."""
    parent = Path(tempfile.mkdtemp(prefix="iso37120-embedded-"))
    yield parent / "postgres"
    with contextlib.suppress(FileNotFoundError, ProcessLookupError, ValueError):
        os.kill(postmaster_of(parent / "postgres"), signal.SIGINT)  # a fast shutdown of what is left
    shutil.rmtree(parent, ignore_errors=True)


def test_the_embedded_server_starts_again_after_it_was_killed(folder):
    """A machine's crash or `kill -9` leaves postmaster.pid and the list of sharing processes behind."""
    holder = holding_the_server(folder)
    postmaster = psutil.Process(postmaster_of(folder))
    children = postmaster.children()
    postmaster.kill()
    holder.kill()
    holder.wait()
    psutil.wait_procs(children, timeout=120)  # they end once their parent is gone, as after a crash
    assert (folder / "postmaster.pid").exists()
    result = query_in_a_new_process(folder)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_two_processes_of_one_checkout_share_one_embedded_server(folder):
    first = holding_the_server(folder)
    try:
        postmaster = postmaster_of(folder)
        second = query_in_a_new_process(folder)
        assert second.returncode == 0, second.stderr
        assert postmaster_of(folder) == postmaster
    finally:
        first.send_signal(signal.SIGINT)  # as Ctrl+C: the process leaves the server as it would
        first.wait()
