"""Sentences the Django admin composes from a model's name, given whole sentences in our catalogues.

Polish cannot insert a noun into "Select %s to change" or "The {name} was added" without inflecting it
by case and gender: Django's own Polish reads "Wybierz grupa porównawcza do zmiany" or "dodany(-na)(-ne)".
Marked here so that `makemessages` keeps them in locale/; the translations put the name after a colon,
which needs no inflection, and address the reader without assuming a gender. LOCALE_PATHS come first,
so these replace Django's.
"""

from django.utils.translation import gettext_noop

ADMIN_SENTENCES = [
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Select %s"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop(
        "You are authenticated as %(username)s, but are not authorized to access this page. Would you "
        "like to login to a different account?"
    ),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop(
        "Are you sure you want to delete the %(object_name)s “%(escaped_object)s”? All of the following "
        "related items will be deleted:"
    ),
]

# Words of Django and django-axes that their own Polish and German catalogues do not translate yet.
UNTRANSLATED_UPSTREAM = [
    gettext_noop("- Select an option -"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
]
