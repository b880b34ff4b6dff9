"""Bench data: the home city with every indicator published for 20 years, written through save_value.

Run with `python manage.py shell < bench/seed_site_bench.py` (bench/site_bench.sh does it).
"""

from decimal import Decimal

from indicators.models import City, Indicator, IndicatorValue
from indicators.services import save_value

FIRST_YEAR, YEARS = 2003, 20

city = City.objects.home()
if not IndicatorValue.objects.filter(city=city).exists():
    for indicator in Indicator.objects.all():
        low = indicator.min_value if indicator.min_value is not None else Decimal(0)
        high = indicator.max_value if indicator.max_value is not None else low + Decimal(1000)
        for offset in range(YEARS):
            fields = {
                "city": city,
                "indicator": indicator,
                "year": FIRST_YEAR + offset,
                "source": "BENCH DATA",
            }
            if indicator.is_text:
                fields["text_value"] = f"bench text {offset}"
            else:
                share = Decimal(30 + (offset * 7) % 40) / 100
                fields["value"] = round(low + (high - low) * share, indicator.decimal_places)
            save_value(status=IndicatorValue.Status.PUBLISHED, **fields)
print("values:", IndicatorValue.objects.filter(city=city, status="published").count())
