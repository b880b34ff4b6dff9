"""Writes: every path that changes values (admin, import, API, year-entry grid, commands) goes through here.

- `values`: one value entered, corrected or taken a workflow step (`save_value`, `verify`, `publish`, ...);
- `imports`: many values of an import at once (`apply_planned_values`), and old import files purged;
- `steps`: many stored values taking one workflow step at once (`take_step`);
- `stamping`: what every one of those writes records (user, time, version, import, history, data version).
"""

from ..workflow import EVIDENCE_FIELDS, VALUE_FIELDS, Refusal
from .imports import apply_planned_values, purge_expired_files
from .steps import StepResult, take_step
from .values import apply_to_each, publish, quality_after, save_value, send_back, verify

__all__ = [
    "EVIDENCE_FIELDS",
    "VALUE_FIELDS",
    "Refusal",
    "StepResult",
    "apply_planned_values",
    "apply_to_each",
    "publish",
    "purge_expired_files",
    "quality_after",
    "save_value",
    "send_back",
    "take_step",
    "verify",
]
