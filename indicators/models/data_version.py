"""The one data version of everything the public sees (indicators.data_version moves it)."""

import datetime

from django.db import connections, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import prepared

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class DataVersionManager(models.Manager):
    def current(self) -> "DataVersion":
        """The version the public data is at; a database flushed of its row is at version 0. Every public
        request reads it, a cached page nothing else, so it is a prepared statement run without a cursor
        (indicators.prepared)."""
        connection = connections[self.db]
        table = connection.ops.quote_name(self.model._meta.db_table)
        changed_at_microseconds = "(extract(epoch FROM changed_at) * 1000000)::bigint"  # exact
        sql = f"SELECT number, {changed_at_microseconds} FROM {table} WHERE id = {DataVersion.ROW}"  # noqa: S608 - the model's own table
        result = prepared.run(connection, "data_version", sql)
        if result.ntuples == 0:
            return DataVersion(pk=DataVersion.ROW)
        number, microseconds = result.get_value(0, 0), result.get_value(0, 1)
        changed_at = (
            None if microseconds is None else EPOCH + datetime.timedelta(microseconds=int(microseconds))
        )
        return DataVersion(pk=DataVersion.ROW, number=int(number), changed_at=changed_at)

    def bump(self) -> None:
        """Count one change the public can see, in the caller's transaction: readers in other
        transactions see the new number exactly when they see the change (the row lock orders them)."""
        bump_version_row(self)


def bump_version_row(manager: models.Manager) -> None:
    """The bump itself, for the model's manager and for a historical model's one in a data migration."""
    moved = {"number": models.F("number") + 1, "changed_at": timezone.now()}
    if not manager.filter(pk=DataVersion.ROW).update(**moved):
        manager.bulk_create([manager.model(pk=DataVersion.ROW)], ignore_conflicts=True)
        manager.filter(pk=DataVersion.ROW).update(**moved)


class DataVersion(models.Model):
    """One row counting the changes to anything the public sees (values, catalogue, cities, certificates).

    Page cache keys, the API's ETag and Last-Modified, the download files and the "last changed" date
    all derive from it, so every server process agrees on what is current whatever its cache.
    """

    ROW = 1

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    objects = DataVersionManager()

    class Meta:
        verbose_name = _("data version")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="data_version_single_row")]

    def __str__(self):
        return self.tag

    @property
    def tag(self) -> str:
        """Names this state in cache keys, ETags and file paths; the time tells apart a counter restarted
        by a flushed database from the one before."""
        moment = int(self.changed_at.timestamp() * 1_000_000) if self.changed_at else 0
        return f"{self.number}-{moment}"
