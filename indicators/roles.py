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
        *("progress.view_target", "progress.add_target", "progress.change_target"),
    ],
    REVIEWERS: [
        *_VIEW_CATALOGUE,
        *_VIEW_VALUES,
        "indicators.change_indicatorvalue",
        "indicators.verify_indicatorvalue",
        "indicators.publish_indicatorvalue",
        *("progress.view_target", "progress.change_target"),
    ],
    AUDITORS: [
        *_VIEW_CATALOGUE,
        *_VIEW_VALUES,
        "certification.view_*",
        "certification.add_coveragesnapshot",
        "progress.view_target",
    ],
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


def sync_roles(sender, **kwargs):
    """post_migrate receiver: `migrate` and a test's flush send the signal once per app, and each app's
    permissions exist only after its own turn, so the roles are given theirs at the last app's turn."""
    from django.apps import apps

    apps_with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is apps_with_models[-1]:
        give_each_group_its_permissions()


def give_each_group_its_permissions():
    """Create the groups and give each exactly its permissions."""
    from django.contrib.auth.models import Group, Permission

    permissions = list(Permission.objects.select_related("content_type"))
    for group_name, permission_names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.set(
            [permission for permission in permissions if _named(permission, permission_names)]
        )


def _named(permission, permission_names) -> bool:
    """Whether the permission is one of the names (app_label.codename, or app_label.prefix_*)."""
    app_label = permission.content_type.app_label
    for name in permission_names:
        label, codename = name.split(".")
        if label == app_label and (
            permission.codename.startswith(codename[:-1])
            if codename.endswith("*")
            else permission.codename == codename
        ):
            return True
    return False
