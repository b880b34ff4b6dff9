"""A target moves the one data version (indicators.data_version) when it is, or was, published: the
progress page, the indicator pages, the API and the downloads then show the new status at once."""

from django.db.models.signals import post_delete, post_save, pre_save

from ..models import DataVersion
from .models import Status, Target


def remember_if_was_published(sender, instance, **_kwargs) -> None:
    instance._was_published = (
        instance.status != Status.PUBLISHED
        and instance.pk is not None
        and Target.objects.filter(pk=instance.pk, status=Status.PUBLISHED).exists()
    )


def target_saved(sender, instance, **_kwargs) -> None:
    if instance.status == Status.PUBLISHED or getattr(instance, "_was_published", False):
        DataVersion.objects.bump()


def target_deleted(sender, instance, **_kwargs) -> None:
    if instance.status == Status.PUBLISHED:
        DataVersion.objects.bump()


def connect_signals() -> None:
    pre_save.connect(remember_if_was_published, sender=Target, dispatch_uid="progress.target.pre")
    post_save.connect(target_saved, sender=Target, dispatch_uid="progress.target.save")
    post_delete.connect(target_deleted, sender=Target, dispatch_uid="progress.target.delete")
