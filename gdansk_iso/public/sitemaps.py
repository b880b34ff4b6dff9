"""Sitemap of the public pages in every language (no values in it, so nothing unpublished can leak)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from indicators.models import CURRENT_EDITION, Indicator, Theme


class SiteSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PagesSitemap(SiteSitemap):
    priority = 1.0

    def items(self):
        return ["indicators:home", "indicators:iso_37120"]

    def location(self, item):
        return reverse(item)


class ThemesSitemap(SiteSitemap):
    def items(self):
        return Theme.objects.filter(edition=CURRENT_EDITION).order_by("number")

    def location(self, item):
        return reverse("indicators:theme", args=[item.number])


class IndicatorsSitemap(SiteSitemap):
    def items(self):
        return Indicator.objects.of_edition(CURRENT_EDITION).order_by("sort_key")

    def location(self, item):
        return reverse("indicators:indicator", args=[item.code])


SITEMAPS = {"pages": PagesSitemap, "themes": ThemesSitemap, "indicators": IndicatorsSitemap}
