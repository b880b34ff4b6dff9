"""The back office: one ModelAdmin per model, custom pages as methods of the admin they belong to.

- `catalogue`: cities, themes, indicators;
- `values`: indicator values, their workflow actions and their own pages (`value_pages`);
- `imports`: upload → preview → confirm, and exports;
- `users`: Django's user admin with the cities a person works on;
- the peer groups' admin lives in the comparison app (`indicators.comparison.admin`).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import catalogue, imports, users, values  # noqa: F401 - each registers its admins

admin.site.site_header = _("ISO 37120 indicator registry")
admin.site.site_title = _("ISO 37120 registry")
admin.site.index_title = _("Back office")
