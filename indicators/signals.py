"""Signals the indicators send for other apps, so indicators never needs to know who listens."""

from django.dispatch import Signal

# Sent by `bootstrap_registry` once the catalogue and the home city are in place, with `stdout`:
# each app loads the fixtures it owns that are missing, never overwriting what was entered.
bootstrap_requested = Signal()
