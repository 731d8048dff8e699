"""Shared behaviour (archiving, edit versions) and the notification centre."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hongqiao.models import TimeStampedModel


class ConcurrentEditError(Exception):
    """Raised when a record changed after the editor loaded it."""

    def __init__(self, instance, expected_version):
        super().__init__(f"{instance!r} changed since version {expected_version}")
        self.instance = instance
        self.expected_version = expected_version


class VersionedModel(models.Model):
    """Optimistic locking: a save names the version it was edited from."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save_checked(self, expected_version: int, **kwargs) -> None:
        """Save only if nobody saved since ``expected_version``; else raise ConcurrentEditError.

        The conditional UPDATE locks the row until commit, so two editors
        cannot both pass the check.
        """
        with transaction.atomic():
            bumped = (
                type(self)
                ._base_manager.filter(pk=self.pk, version=expected_version)
                .update(version=F("version") + 1)
            )
            if not bumped:
                raise ConcurrentEditError(self, expected_version)
            self.version = expected_version + 1
            self.save(**kwargs)


class ArchivableQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class ArchivableModel(models.Model):
    """Deleting archives the record; an archived record can be restored."""

    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def archive(self) -> None:
        self.archived_at = timezone.now()
        self.save(update_fields=["archived_at", "updated"] if hasattr(self, "updated") else None)

    def restore(self) -> None:
        self.archived_at = None
        self.save(update_fields=["archived_at", "updated"] if hasattr(self, "updated") else None)


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(TimeStampedModel):
    """An in-app notification; its key makes sending it twice impossible."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(
        _("key"), max_length=200, help_text=_("What was notified, so that it is notified once.")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                name="notification_once_per_recipient_key",
                violation_error_message=_("This notification was already sent."),
            )
        ]
        indexes = [
            # The unread badge on every page: recipient's unread count.
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self):
        return self.title


class NotificationDelivery(TimeStampedModel):
    """One notification sent through one outside channel (email, SMS…): the outbox."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped")
        FAILED = "failed", _("Failed")

    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("notification"),
    )
    channel = models.CharField(_("channel"), max_length=40)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("notification delivery")
        verbose_name_plural = _("notification deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"],
                name="delivery_once_per_channel",
                violation_error_message=_("This notification is already queued on this channel."),
            )
        ]
        indexes = [
            # deliver_notifications: pending deliveries that are due.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="delivery_pending_due",
            ),
        ]

    def __str__(self):
        return f"{self.notification} → {self.channel}"


class OutboxTask(TimeStampedModel):
    """A Celery task written in the same transaction as the data it is about (transactional outbox).

    It is sent to the broker after commit; if the broker is down it stays here and
    the periodic ``core.flush_outbox`` sends it once the broker is back.
    """

    task_name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    kwargs = models.JSONField(_("keyword arguments"), default=dict)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")

    def __str__(self):
        return self.task_name
