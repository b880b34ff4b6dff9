"""The cyclic garbage collector held off while an import builds its many small objects.

An import allocates a few hundred thousand cells, records and model instances that all live until
it ends, and each collection walks every one of them again (bench/README.md has the cost).
Reference counting still frees what is no longer used. Requests in other threads share the
collector, so it resumes when the last import running in the process ends.
"""

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_state = {"imports": 0, "was_enabled": False}


@contextmanager
def collector_paused():
    with _lock:
        if _state["imports"] == 0:
            _state["was_enabled"] = gc.isenabled()
            gc.disable()
        _state["imports"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["imports"] -= 1
            if _state["imports"] == 0 and _state["was_enabled"]:
                gc.enable()
