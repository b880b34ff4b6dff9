from modeltranslation.translator import TranslationOptions, register

from .models import City, Indicator, Theme


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Indicator)
class IndicatorTranslationOptions(TranslationOptions):
    fields = ("name", "definition", "unit", "numerator", "denominator")
