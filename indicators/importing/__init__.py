"""Excel import, one pipeline for the admin, the command line and the API: read → validate → plan → apply.

plan = plan_import(data, "values.xlsx", user=user, default_city=city)   # dry run; BadFile if unreadable
batch = apply_import(read_import(data, "values.xlsx", default_city=city), user=user,
                     expected_digest=plan.digest)                      # None when the file has errors
outcome = apply_valid_rows(read_import(...), data=data, user=user)     # the valid rows; the refused as a file
"""

from .apply import PlanOutdated, apply_import
from .guards import BadFile
from .partial import PartialOutcome, apply_valid_rows, plan_valid_rows
from .plan import Plan, complete_plan, plan_import, previous_import, read_import

__all__ = [
    "BadFile",
    "PartialOutcome",
    "Plan",
    "PlanOutdated",
    "apply_import",
    "apply_valid_rows",
    "complete_plan",
    "plan_import",
    "plan_valid_rows",
    "previous_import",
    "read_import",
]
