#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdansk_iso.settings")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    from gdansk_iso.database import DatabaseProblem, require_reachable, unreachable

    try:
        if sys.argv[1:2] == ["runserver"]:
            import django

            django.setup()
            require_reachable()
        execute_from_command_line(sys.argv)
    except DatabaseProblem as problem:
        sys.exit(str(problem))
    except OperationalError as error:
        from django.db import connection

        if connection.connection is not None:
            raise
        sys.exit(str(unreachable(error)))


if __name__ == "__main__":
    main()
