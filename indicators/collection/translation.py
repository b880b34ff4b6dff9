from modeltranslation.translator import TranslationOptions, register

from .models import DataOwner


@register(DataOwner)
class DataOwnerTranslationOptions(TranslationOptions):
    fields = ("name",)
