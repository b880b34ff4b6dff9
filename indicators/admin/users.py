"""Accounts: Django's own user admin, with the cities a person works on (kept by superusers)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from ..models import CityAccess


class CityAccessInline(admin.StackedInline):
    model = CityAccess
    filter_horizontal = ["cities"]
    max_num = 1
    can_delete = False


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class RegistryUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, CityAccessInline]
