"""notify_many: the daily reminder runs' bulk path of notify(), with the same once-only rule."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Notification, NotificationDelivery
from core.notifications import Message, notify, notify_many

pytestmark = pytest.mark.django_db


def _messages(user, n, key="k"):
    return [Message(user.pk, "test", f"{key}-{i}", f"标题{i}", "正文", "/m/") for i in range(n)]


def test_each_message_is_stored_and_queued_once(world, settings):
    settings.NOTIFICATION_CHANNELS = ["core.notifications.EmailChannel"]
    assert notify_many(_messages(world.staff_a, 3) + _messages(world.staff_a, 3)) == 3  # repeats in one run
    assert notify_many(_messages(world.staff_a, 5)) == 2  # two new, three sent before
    assert notify(_messages(world.staff_a, 5)) == []  # the same key through notify(): already sent
    notes = Notification.objects.filter(recipient=world.staff_a).order_by("key")
    assert [n.key for n in notes] == [f"k-{i}" for i in range(5)]
    assert notes[0].title == "标题0" and notes[0].body == "正文" and notes[0].url == "/m/"
    assert notes[0].created is not None and notes[0].read_at is None
    deliveries = NotificationDelivery.objects.filter(notification__recipient=world.staff_a)
    assert deliveries.count() == 5
    assert set(deliveries.values_list("channel", "status", "attempts")) == {("email", "pending", 0)}


def test_the_same_key_to_two_people_is_two_notifications(world):
    assert notify_many(_messages(world.staff_a, 2) + _messages(world.staff_b, 2)) == 4


def test_long_texts_are_cut_to_the_columns(world):
    long = Message(world.staff_a.pk, "test", "k" * 300, "题" * 300, "文" * 5000, "/" + "u" * 400)
    assert notify_many([long]) == 1
    n = Notification.objects.get()
    assert (len(n.key), len(n.title), len(n.body), len(n.url)) == (200, 200, 5000, 300)
    assert notify_many([long]) == 0  # the cut key is the key


def test_no_channels_no_deliveries_and_no_task(world, settings):
    settings.NOTIFICATION_CHANNELS = []
    assert notify_many(_messages(world.staff_a, 2)) == 2
    assert not NotificationDelivery.objects.exists()
    assert notify_many([]) == 0


def test_query_count_does_not_grow_with_messages(world, settings):
    settings.NOTIFICATION_CHANNELS = ["core.notifications.EmailChannel"]

    def statements(messages):
        with CaptureQueriesContext(connection) as ctx:
            notify_many(messages)
        # Savepoints aside; on SQLite a batch repeats the same INSERT, counted once.
        sqls = [
            re.sub(r"^\d+ times: ", "", q["sql"]).split("VALUES")[0]
            for q in ctx.captured_queries
            if "SAVEPOINT" not in q["sql"]
        ]
        return len(set(sqls)) if connection.vendor != "postgresql" else len(sqls)

    small = statements(_messages(world.staff_a, 2, "a"))
    large = statements(_messages(world.staff_a, 9000, "b"))
    assert small == large, (small, large)
    assert Notification.objects.count() == 9002
    assert NotificationDelivery.objects.count() == 9002
