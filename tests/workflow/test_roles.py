import pytest

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
