"""Words of Django and django-axes that their own catalogues leave in English read in Polish and German."""

import pytest
from axes.models import AccessFailureLog
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils import translation


@pytest.mark.parametrize("language", ["pl", "de"])
def test_the_empty_choice_of_a_select_is_in_the_readers_language(language):
    with translation.override(language):
        assert str(BLANK_CHOICE_LABEL) != "- Select an option -"


@pytest.mark.parametrize("language", ["pl", "de"])
def test_the_login_failures_list_is_named_in_the_readers_language(language):
    with translation.override(language):
        assert str(AccessFailureLog._meta.verbose_name_plural) != "access failures"
