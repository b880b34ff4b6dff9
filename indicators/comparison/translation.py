from modeltranslation.translator import TranslationOptions, register

from .models import PeerGroup


@register(PeerGroup)
class PeerGroupTranslationOptions(TranslationOptions):
    fields = ("name", "description")
