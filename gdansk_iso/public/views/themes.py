"""The home page (one tile per theme) and a theme's page (one card per indicator)."""

from django.shortcuts import get_object_or_404, render

from indicators.models import CURRENT_EDITION, City, Indicator, Theme
from indicators.selectors import published_values
from indicators.series import series_by_indicator, trend_word
from indicators.site_cache import cached_page


@cached_page
def home(request):
    city = City.objects.home()
    themes = list(Theme.objects.filter(edition=CURRENT_EDITION))
    indicators = list(Indicator.objects.of_edition(CURRENT_EDITION).performance())
    series = series_by_indicator(indicators, published_values(city=city))
    tiles = []
    for theme in themes:
        reported = [s for s in series.values() if s.indicator.theme_id == theme.pk and s.has_figure]
        headline = next((s for s in reported if s.indicator.kind == Indicator.Kind.CORE), None)
        headline = headline or (reported[0] if reported else None)
        total = sum(1 for indicator in indicators if indicator.theme_id == theme.pk)
        trend = trend_word(headline) if headline else ""
        tiles.append(
            {"theme": theme, "reported": len(reported), "total": total, "headline": headline, "trend": trend}
        )
    return render(request, "public/home.html", {"city": city, "tiles": tiles})


@cached_page
def theme_detail(request, number):
    theme = get_object_or_404(Theme, edition=CURRENT_EDITION, number=number)
    city = City.objects.home()
    indicators = list(theme.indicators.all())
    values = published_values(city=city).filter(indicator__theme=theme)
    series = series_by_indicator(indicators, values)
    cards = [{"series": series[i.pk], "trend": trend_word(series[i.pk])} for i in indicators]
    return render(request, "public/theme.html", {"theme": theme, "city": city, "cards": cards})
