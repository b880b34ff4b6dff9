"""An indicator's page and its figures as a file."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from indicators.comparison.builders import comparison_summary
from indicators.models import CURRENT_EDITION, City, Indicator
from indicators.selectors import published_revisions, published_values
from indicators.series import series_by_indicator, trend_word
from indicators.site_cache import cached_page

from ..spreadsheets import download


def get_indicator(code: str) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("theme"), edition=CURRENT_EDITION, code=code)


@cached_page
def indicator_detail(request, code):
    indicator = get_indicator(code)
    city = City.objects.home()
    own = list(published_values(city=city).filter(indicator=indicator).order_by("year"))
    series = series_by_indicator([indicator], own)[indicator.pk]
    return render(
        request,
        "public/indicator.html",
        {
            "indicator": indicator,
            "city": city,
            "series": series,
            "rows": sorted(own, key=lambda v: v.year, reverse=True),
            "revisions": published_revisions(own),
            "comparison": comparison_summary(indicator, city),
            "trend": trend_word(series),
            "page_url": request.build_absolute_uri(request.path),
            "embed_url": request.build_absolute_uri(reverse("indicators:embed", args=[indicator.code])),
            "licence": {"name": settings.OPEN_DATA_LICENCE, "url": settings.OPEN_DATA_LICENCE_URL},
        },
    )


@cached_page
def indicator_download(request, code, file_format):
    indicator = get_indicator(code)
    city = City.objects.home()
    values = list(published_values(city=city).filter(indicator=indicator).order_by("year"))
    return download(values, f"{city.slug}-iso37120-{indicator.code}", file_format)
