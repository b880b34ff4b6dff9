"""What moves the one data version (models.DataVersion), and reading it once per request.

Every save or delete of a model the public sees bumps it in the same transaction, fixtures included
(`loaddata` saves with raw=True and sends the same signals). A value moves it only when it is, or was,
published: drafts and verified values never reach the public, so a change to them leaves every page,
ETag and download as it was. Writes that send no signals (bulk imports, demo data) call
`bump_if_public` themselves. Other apps register their public models with `track`.
"""

from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .models import City, DataVersion, Indicator, IndicatorValue, Theme, bump_version_row

PUBLISHED = IndicatorValue.Status.PUBLISHED
ENVIRON_KEY = "indicators.data_version"  # the request's version, read by the page server or by Django


def current(request=None) -> DataVersion:
    """The data version, read from the database once per request (and at every call without one)."""
    if request is None:
        return DataVersion.objects.current()
    if ENVIRON_KEY not in request.META:
        request.META[ENVIRON_KEY] = _read_checking_the_connection()
    return request.META[ENVIRON_KEY]


def read_before_the_request(environ) -> DataVersion:
    """The version for a request the page server (indicators.site_cache) answers before Django's request
    cycle, kept in its environ for Django's part. Django's rule for a kept connection (CONN_MAX_AGE, an
    earlier error) applies first, as when a request starts."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()
    environ[ENVIRON_KEY] = _read_checking_the_connection()
    return environ[ENVIRON_KEY]


def _read_checking_the_connection() -> DataVersion:
    """A request's read of the version is its first statement, and it doubles as the health check of a
    connection kept from an earlier request (CONN_HEALTH_CHECKS): a connection the server dropped (a
    restart) is opened afresh and asked again, instead of a `SELECT 1` before every page. A connection
    opened now needs no check, and is not opened twice when the server cannot be reached."""
    connection = connections[DEFAULT_DB_ALIAS]
    unchecked = (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    if not unchecked:
        return DataVersion.objects.current()
    connection.health_check_done = True
    try:
        return DataVersion.objects.current()
    except (OperationalError, InterfaceError):
        connection.close()
        return DataVersion.objects.current()


def bump_if_public(values: Iterable[IndicatorValue | None]) -> None:
    """Bump once when any of the values (as they were before a change, or are after it) is published."""
    if any(value is not None and value.status == PUBLISHED for value in values):
        DataVersion.objects.bump()


def bump_in_migration(apps) -> None:
    """Data migrations write through historical models, which send no signals: they bump with this."""
    bump_version_row(apps.get_model("indicators", "DataVersion").objects)


def bump(**_signal_kwargs) -> None:
    DataVersion.objects.bump()


def track(*models) -> None:
    """Bump the version whenever an instance of one of the models is saved or deleted."""
    for model in models:
        label = model._meta.label
        post_save.connect(bump, sender=model, dispatch_uid=f"data_version.save.{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"data_version.delete.{label}")


def members_changed(sender, action, **_kwargs) -> None:
    """Public memberships (a peer group's cities): adding or removing one is a change."""
    if action in {"post_add", "post_remove", "post_clear"}:
        DataVersion.objects.bump()


def track_members(*through_models) -> None:
    """Bump the version whenever members are added to or removed from a public many-to-many relation."""
    for through in through_models:
        label = through._meta.label
        m2m_changed.connect(members_changed, sender=through, dispatch_uid=f"data_version.members.{label}")


def remember_if_was_published(sender, instance, **_kwargs) -> None:
    """Before a value that is not published now is saved over a stored one: was the stored one public?"""
    instance._was_published = (
        instance.status != PUBLISHED
        and instance.pk is not None
        and IndicatorValue.objects.filter(pk=instance.pk, status=PUBLISHED).exists()
    )


def value_saved(sender, instance, **_kwargs) -> None:
    if instance.status == PUBLISHED or getattr(instance, "_was_published", False):
        DataVersion.objects.bump()


def value_deleted(sender, instance, **_kwargs) -> None:
    bump_if_public([instance])


def connect_signals() -> None:
    track(City, Theme, Indicator)
    pre_save.connect(remember_if_was_published, sender=IndicatorValue, dispatch_uid="data_version.value.pre")
    post_save.connect(value_saved, sender=IndicatorValue, dispatch_uid="data_version.value.save")
    post_delete.connect(value_deleted, sender=IndicatorValue, dispatch_uid="data_version.value.delete")
