"""Sending notifications: in-app at once, other channels through an outbox.

``notify()`` is what reminder tasks call. It writes each notification once
(the database's unique key on recipient and key decides), queues one
delivery per outside channel in the same transaction, and asks a worker to
send them after commit. If the broker is down the deliveries stay queued and
the periodic ``deliver_notifications`` sweep sends them later.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from core.models import Notification, NotificationDelivery

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    recipient_id: int
    kind: str
    key: str
    title: str
    body: str = ""
    url: str = ""


class EmailChannel:
    """Email through Django's email backend (console by default, SMTP when configured)."""

    name = "email"

    def wants(self, notification) -> bool:
        return bool(notification.recipient.email)

    def send(self, notification) -> None:
        body = notification.body
        if notification.url:
            body = f"{body}\n\n{settings.SITE_URL}{notification.url}"
        send_mail(notification.title, body, None, [notification.recipient.email], fail_silently=False)


def channels():
    return [import_string(path)() for path in getattr(settings, "NOTIFICATION_CHANNELS", [])]


def notify(messages) -> list[Notification]:
    """Create the notifications not sent before and queue their deliveries.

    Runs a fixed number of queries however many messages: one read of the keys
    already used, one bulk insert of notifications and one of deliveries.
    """
    messages = list(messages)
    if not messages:
        return []
    with transaction.atomic():
        existing = set(
            Notification.objects.filter(
                recipient_id__in={m.recipient_id for m in messages},
                key__in={m.key for m in messages},
            ).values_list("recipient_id", "key")
        )
        fresh, seen = [], set()
        for m in messages:
            ident = (m.recipient_id, m.key)
            if ident in existing or ident in seen:
                continue
            seen.add(ident)
            fresh.append(
                Notification(
                    recipient_id=m.recipient_id,
                    kind=m.kind,
                    key=m.key[:200],
                    title=m.title[:200],
                    body=m.body,
                    url=m.url[:300],
                )
            )
        try:
            with transaction.atomic():
                created = Notification.objects.bulk_create(fresh)
        except IntegrityError:
            # Another worker sent some of these meanwhile: keep only ours, one by one.
            created = []
            for n in fresh:
                try:
                    with transaction.atomic():
                        n.save()
                    created.append(n)
                except IntegrityError:
                    continue
        names = [c.name for c in channels()]
        NotificationDelivery.objects.bulk_create(
            [NotificationDelivery(notification=n, channel=name) for n in created for name in names]
        )
    if created and names:
        from core.tasks import deliver_notifications, enqueue_on_commit

        enqueue_on_commit(deliver_notifications)
    return created


def notify_many(messages) -> int:
    """``notify()`` for the daily runs of tens of thousands of messages; returns how many were new.

    The database's unique (recipient, key) decides which are new (``INSERT … ON CONFLICT DO
    NOTHING RETURNING id``), so no key is read back and no model instance is built. On
    PostgreSQL the notifications and their deliveries are one statement whatever the number
    of messages; elsewhere (SQLite) batches of one repeated statement. Concurrent runs each
    insert a row once: the second waits for the first's commit and skips it.
    """
    rows, seen = [], set()
    for m in messages:
        ident = (m.recipient_id, m.key[:200])
        if ident in seen:
            continue
        seen.add(ident)
        rows.append((m.recipient_id, m.kind, ident[1], m.title[:200], m.body, m.url[:300]))
    if not rows:
        return 0
    names = [c.name for c in channels()]
    now = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            created = _insert_postgresql(rows, names, now)
        else:
            created = _insert_batched(rows, names, now)
        if created and names:
            from core.tasks import deliver_notifications, enqueue_on_commit

            enqueue_on_commit(deliver_notifications)
    return created


def _tables():
    qn = connection.ops.quote_name
    return qn(Notification._meta.db_table), qn(NotificationDelivery._meta.db_table), qn


def _insert_postgresql(rows, names, now) -> int:
    notification, delivery, qn = _tables()
    columns = ", ".join(qn(c) for c in ("recipient_id", "kind", "key", "title", "body", "url"))
    # Table and column names from the models; every value is a parameter.
    sql = f"""
        WITH fresh AS (
            INSERT INTO {notification} ({columns}, {qn("created")}, {qn("updated")})
            SELECT m.*, %(now)s, %(now)s
            FROM unnest(%(recipient)s::bigint[], %(kind)s::text[], %(key)s::text[],
                        %(title)s::text[], %(body)s::text[], %(url)s::text[]) AS m
            ON CONFLICT ({qn("recipient_id")}, {qn("key")}) DO NOTHING
            RETURNING {qn("id")}
        ), queued AS (
            INSERT INTO {delivery} ({qn("notification_id")}, {qn("channel")}, {qn("status")},
                                    {qn("attempts")}, {qn("next_attempt_at")}, {qn("error")},
                                    {qn("created")}, {qn("updated")})
            SELECT fresh.{qn("id")}, channel, %(pending)s, 0, %(now)s, '', %(now)s, %(now)s
            FROM fresh CROSS JOIN unnest(%(channels)s::text[]) AS channel
        )
        SELECT count(*) FROM fresh
    """  # noqa: S608
    recipient, kind, key, title, body, url = (list(col) for col in zip(*rows, strict=True))
    params = {
        "now": now,
        "recipient": recipient,
        "kind": kind,
        "key": key,
        "title": title,
        "body": body,
        "url": url,
        "channels": names,
        "pending": NotificationDelivery.Status.PENDING,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


# SQLite allows 32,766 parameters per statement.
_BATCH = 4000


def _insert_batched(rows, names, now) -> int:
    notification, delivery, qn = _tables()
    stamp = connection.ops.adapt_datetimefield_value(now)
    columns = ", ".join(
        qn(c) for c in ("recipient_id", "kind", "key", "title", "body", "url", "created", "updated")
    )
    created = 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _BATCH):
            batch = rows[start : start + _BATCH]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {notification} ({columns}) VALUES {values} "  # noqa: S608 - names from the models
                f"ON CONFLICT ({qn('recipient_id')}, {qn('key')}) DO NOTHING RETURNING {qn('id')}",
                [value for row in batch for value in (*row, stamp, stamp)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            created += len(ids)
            if ids and names:
                cursor.executemany(
                    f"INSERT INTO {delivery} ({qn('notification_id')}, {qn('channel')}, {qn('status')}, "  # noqa: S608
                    f"{qn('attempts')}, {qn('next_attempt_at')}, {qn('error')}, {qn('created')}, "
                    f"{qn('updated')}) VALUES (%s, %s, %s, 0, %s, '', %s, %s)",
                    [
                        (i, name, NotificationDelivery.Status.PENDING, stamp, stamp, stamp)
                        for i in ids
                        for name in names
                    ],
                )
    return created


BACKOFF = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]


DELIVERY_BATCH = 200


def deliver_pending(limit: int = DELIVERY_BATCH, *, with_claimed: bool = False):
    """Send due deliveries; each is claimed under a row lock, so it is sent once.

    Returns how many were sent, or ``(sent, claimed)`` with ``with_claimed``.
    """
    by_name = {c.name: c for c in channels()}
    sent = 0
    with transaction.atomic():
        batch = list(
            NotificationDelivery.objects.select_for_update(skip_locked=True)
            .filter(status=NotificationDelivery.Status.PENDING, next_attempt_at__lte=timezone.now())
            .select_related("notification__recipient")
            .order_by("next_attempt_at")[:limit]
        )
        for delivery in batch:
            channel = by_name.get(delivery.channel)
            delivery.attempts += 1
            if channel is None or not channel.wants(delivery.notification):
                delivery.status = NotificationDelivery.Status.SKIPPED
            else:
                try:
                    channel.send(delivery.notification)
                except Exception as exc:
                    log.warning("delivery %s failed: %s", delivery.pk, exc)
                    delivery.error = str(exc)[:300]
                    if delivery.attempts > len(BACKOFF):
                        delivery.status = NotificationDelivery.Status.FAILED
                    else:
                        delivery.next_attempt_at = timezone.now() + BACKOFF[delivery.attempts - 1]
                else:
                    delivery.status = NotificationDelivery.Status.SENT
                    delivery.sent_at = timezone.now()
                    sent += 1
        NotificationDelivery.objects.bulk_update(
            batch, ["status", "attempts", "next_attempt_at", "sent_at", "error"]
        )
    return (sent, len(batch)) if with_claimed else sent
