"""Two writers at the same moment: when the database cancels one transaction to let the other finish
(a deadlock, a serialization failure, a lock it may not wait for), the cancelled request changed nothing
and may simply be sent again. Its doors answer it as a conflict (HTTP 409), never as a server error."""

from django.db import OperationalError

# PostgreSQL's SQLSTATEs of a transaction cancelled because another one holds what it needs
RETRYABLE = {"40001", "40P01", "55P03"}


def lost_a_race(error: BaseException) -> bool:
    """Whether `error` is the database cancelling this transaction in favour of a concurrent one."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) in RETRYABLE
