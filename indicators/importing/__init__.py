"""Excel import, one pipeline for the admin, the command line and the API: read → validate → plan → apply.

plan = plan_import(data, "values.xlsx", user=user, default_city=city)   # BadFile if unreadable
if plan.is_valid and plan.changes_anything:
    apply_import(plan, user=user)
"""

from .apply import PlanOutdated, apply_import
from .guards import BadFile
from .plan import Plan, plan_import, previous_import

__all__ = ["BadFile", "Plan", "PlanOutdated", "apply_import", "plan_import", "previous_import"]
