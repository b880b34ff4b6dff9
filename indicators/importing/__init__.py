"""Excel import, one pipeline for the admin, the command line and the API: read → validate → plan → apply.

plan = plan_import(data, "values.xlsx", user=user, default_city=city)   # dry run; BadFile if unreadable
batch = apply_import(read_import(data, "values.xlsx", default_city=city), user=user,
                     expected_digest=plan.digest)                      # None when the file has errors
"""

from .apply import PlanOutdated, apply_import
from .guards import BadFile
from .plan import Plan, complete_plan, plan_import, previous_import, read_import

__all__ = [
    "BadFile",
    "Plan",
    "PlanOutdated",
    "apply_import",
    "complete_plan",
    "plan_import",
    "previous_import",
    "read_import",
]
