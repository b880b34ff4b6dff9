"""The back-office roles as data: group name → permissions (app_label.codename, or app_label.prefix_*).

Synced after every `migrate`, so a fresh database and an upgraded one get the same groups.
What each permission allows in the value workflow is decided in indicators.workflow:
- statisticians enter, edit and import values (drafts); they cannot verify or publish;
- reviewers verify, publish, send back with a reason, and publish corrections of published figures;
- auditors read everything in the back office (values, history, imports, certification) and change nothing;
- catalogue_admins keep the catalogue, the cities, the peer groups and the warning thresholds.
"""

STATISTICIANS = "statisticians"
REVIEWERS = "reviewers"
AUDITORS = "auditors"
CATALOGUE_ADMINS = "catalogue_admins"

_VIEW_CATALOGUE = [
    "indicators.view_city",
    "indicators.view_theme",
    "indicators.view_indicator",
    "comparison.view_peergroup",
]
_VIEW_VALUES = ["indicators.view_indicatorvalue", "indicators.view_importbatch"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    STATISTICIANS: [
        *_VIEW_CATALOGUE,
        *_VIEW_VALUES,
        "indicators.add_indicatorvalue",
        "indicators.change_indicatorvalue",
        "indicators.add_importbatch",
        "collection.view_*",
        "collection.add_collectionround",
        "collection.change_collectionround",
        "collection.change_roundrequest",
    ],
    REVIEWERS: [
        *_VIEW_CATALOGUE,
        *_VIEW_VALUES,
        "indicators.change_indicatorvalue",
        "indicators.verify_indicatorvalue",
        "indicators.publish_indicatorvalue",
    ],
    AUDITORS: [*_VIEW_CATALOGUE, *_VIEW_VALUES, "certification.view_*", "certification.add_coveragesnapshot"],
    CATALOGUE_ADMINS: [
        *_VIEW_CATALOGUE,
        "indicators.add_city",
        "indicators.change_city",
        "indicators.add_theme",
        "indicators.change_theme",
        "indicators.add_indicator",
        "indicators.change_indicator",
        "comparison.add_peergroup",
        "comparison.change_peergroup",
        "comparison.delete_peergroup",
        "collection.*",
    ],
}


def sync_roles(**kwargs):
    """Create the groups and give each exactly its permissions (post_migrate receiver)."""
    from django.contrib.auth.models import Group, Permission

    for group_name, permission_names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = []
        for name in permission_names:
            app_label, codename = name.split(".")
            permissions = Permission.objects.filter(content_type__app_label=app_label)
            if codename.endswith("*"):
                wanted.extend(permissions.filter(codename__startswith=codename[:-1]))
            else:
                wanted.extend(permissions.filter(codename=codename))
        group.permissions.set(wanted)
