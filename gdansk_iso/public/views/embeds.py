"""Embeds: an indicator's chart, latest figure and source for other sites to frame, linking back here.

Only these pages may be framed by any site (X-Frame-Options exempt, CSP frame-ancestors *); every
other page keeps DENY and frame-ancestors 'none'.
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from indicators.models import City
from indicators.selectors import published_values
from indicators.series import series_by_indicator, trend_word
from indicators.site_cache import cached_page

from .indicators import get_indicator

FRAMABLE_CSP = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}


@require_safe
@xframe_options_exempt
@csp_override(FRAMABLE_CSP)
@cached_page
def indicator_embed(request, code):
    indicator = get_indicator(code)
    city = City.objects.home()
    values = published_values(city=city).filter(indicator=indicator)
    series = series_by_indicator([indicator], values)[indicator.pk]
    return render(
        request,
        "public/embed.html",
        {
            "indicator": indicator,
            "city": city,
            "series": series,
            "trend": trend_word(series),
            "page_url": request.build_absolute_uri(reverse("indicators:indicator", args=[indicator.code])),
        },
    )
