import pytest
from django.core.management.sql import emit_post_migrate_signal

from indicators import roles

VALUE = "indicators.{}_indicatorvalue"


@pytest.mark.parametrize(
    ("group", "permission", "allowed"),
    [
        (roles.STATISTICIANS, VALUE.format("add"), True),
        (roles.STATISTICIANS, VALUE.format("change"), True),
        (roles.STATISTICIANS, VALUE.format("verify"), False),
        (roles.STATISTICIANS, VALUE.format("publish"), False),
        (roles.STATISTICIANS, "indicators.add_importbatch", True),
        (roles.REVIEWERS, VALUE.format("verify"), True),
        (roles.REVIEWERS, VALUE.format("publish"), True),
        (roles.REVIEWERS, VALUE.format("delete"), False),
        (roles.AUDITORS, VALUE.format("view"), True),
        (roles.AUDITORS, VALUE.format("change"), False),
        (roles.AUDITORS, "indicators.view_importbatch", True),
        (roles.AUDITORS, "certification.view_certificate", True),
        (roles.AUDITORS, "certification.change_certificate", False),
        (roles.CATALOGUE_ADMINS, "indicators.change_indicator", True),
        (roles.CATALOGUE_ADMINS, VALUE.format("change"), False),
    ],
)
def test_each_role_has_exactly_its_permissions(make_user, catalogue, group, permission, allowed):
    assert make_user("someone", group).has_perm(permission) is allowed


def test_the_roles_are_synced_once_per_migrate_after_every_app_made_its_permissions(db, monkeypatch):
    synced = []
    monkeypatch.setattr(roles, "give_each_group_its_permissions", lambda: synced.append(True))
    emit_post_migrate_signal(0, False, "default")
    assert synced == [True]


def test_syncing_the_roles_asks_few_queries(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(5 * len(roles.ROLE_PERMISSIONS) + 2):
        roles.give_each_group_its_permissions()
