import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from core.images import process_photo
from core.masking import mask_id_number, mask_phone
from core.models import Notification, NotificationDelivery
from core.notifications import Message, deliver_pending, notify

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


def test_healthz_is_degraded_when_redis_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["redis"] == "down"


def _messages(world, n, key="k"):
    return [Message(world.staff_a.pk, "test", f"{key}-{i}", f"标题{i}", "正文", "/") for i in range(n)]


def test_notify_is_idempotent_and_its_query_count_is_fixed(world):
    with CaptureQueriesContext(connection) as small:
        notify(_messages(world, 2, "a"))
    with CaptureQueriesContext(connection) as large:
        notify(_messages(world, 50, "b"))
    assert len(small) == len(large)
    assert notify(_messages(world, 50, "b")) == []
    assert Notification.objects.count() == 52


def test_outbox_sends_each_email_once(world):
    notify(_messages(world, 3))
    mail.outbox.clear()
    NotificationDelivery.objects.update(status="pending")
    assert deliver_pending() == 3
    assert deliver_pending() == 0
    assert len(mail.outbox) == 3
    assert set(NotificationDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_delivery_task_drains_a_backlog_larger_than_one_batch(world, monkeypatch):
    """A morning of reminders goes out in one run, batch after batch, not 200 a minute."""
    import core.notifications
    from core.tasks import deliver_notifications

    monkeypatch.setattr(core.notifications, "DELIVERY_BATCH", 4)
    notify(_messages(world, 10))
    mail.outbox.clear()
    NotificationDelivery.objects.update(status="pending")
    assert deliver_notifications() == 10
    assert len(mail.outbox) == 10
    assert not NotificationDelivery.objects.filter(status="pending").exists()


def test_delivery_task_stops_when_its_time_is_spent(world, monkeypatch):
    import core.notifications
    from core.tasks import deliver_notifications

    monkeypatch.setattr(core.notifications, "DELIVERY_BATCH", 4)
    notify(_messages(world, 10))
    NotificationDelivery.objects.update(status="pending")
    assert deliver_notifications(budget_seconds=0) == 4  # one batch, then the next minute's run
    assert NotificationDelivery.objects.filter(status="pending").count() == 6


def test_failed_delivery_is_retried_later(world, monkeypatch):
    from core.notifications import EmailChannel

    def boom(self, notification):
        raise OSError("smtp down")

    monkeypatch.setattr(EmailChannel, "send", boom)
    notify(_messages(world, 1))
    NotificationDelivery.objects.update(status="pending")
    assert deliver_pending() == 0
    delivery = NotificationDelivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts >= 1 and "smtp down" in delivery.error


def test_notification_centre_marks_read(client_for, world):
    (n,) = notify(_messages(world, 1))
    client = client_for("staff_a")
    assert "badge" in client.get(reverse("core:notifications")).content.decode()
    client.post(reverse("core:notification_read", args=[n.pk]))
    n.refresh_from_db()
    assert n.read_at is not None
    # Another user's notification is not theirs to read.
    assert client_for("staff_b").post(reverse("core:notification_read", args=[n.pk])).status_code == 404


def _jpeg(size=(3000, 2000), exif=True, orientation=None):
    img = Image.new("RGB", size, "red")
    out = io.BytesIO()
    data = img.getexif()
    if exif:
        data[0x0132] = "2026:11:01 09:30:00"
        data[0x8825] = {2: (31.0, 12.0, 0.0)}  # GPS
    if orientation:
        data[0x0112] = orientation
    img.save(out, "JPEG", exif=data.tobytes())
    return SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg")


def test_photo_is_resized_oriented_and_stripped():
    result = process_photo(_jpeg(orientation=6))
    assert max(result.width, result.height) == 1600
    assert result.height > result.width  # rotated by its EXIF orientation
    assert result.taken_at is not None
    stored = Image.open(io.BytesIO(result.image.read()))
    assert not stored.getexif()
    assert max(Image.open(io.BytesIO(result.thumbnail.read())).size) == 320


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (b"%PDF-1.4 not an image", "not_image"),
        (None, "truncated"),
        (b"GIF89a" + b"\x00" * 20, "truncated"),
    ],
)
def test_bad_photos_are_refused(payload, code):
    if payload is None:
        payload = _jpeg(exif=False).read()[:5000]
    with pytest.raises(ValidationError) as exc:
        process_photo(SimpleUploadedFile("x.jpg", payload))
    assert exc.value.code in {code, "not_image", "truncated"}


def test_decompression_bomb_is_refused():
    img = Image.new("1", (10000, 10000))
    out = io.BytesIO()
    img.save(out, "PNG")
    with pytest.raises(ValidationError) as exc:
        process_photo(SimpleUploadedFile("bomb.png", out.getvalue()))
    assert exc.value.code == "bomb"


def test_over_15_mb_is_refused():
    upload = SimpleUploadedFile("big.jpg", b"\xff" * (15 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError) as exc:
        process_photo(upload)
    assert exc.value.code == "too_large"


def test_masking():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("021-62345678") == "021-****5678"
    assert mask_id_number("310105199001011234") == "310*************34"


def test_security_headers_on_pages(client_for):
    response = client_for("staff_a").get(reverse("organizations:list"))
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"


def test_login_is_throttled_by_username(client, world, settings):
    settings.AXES_ENABLED = True
    from axes.utils import reset

    reset()
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": "staff", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    response = client.post(url, {"username": "staff", "password": "hongqiao-demo"}, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 429
    reset()


def test_language_switch(client_for):
    client = client_for("staff_a")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Two-new organization ledger" in client.get(reverse("organizations:list")).content.decode()
    client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})
    assert "兩新組織" in client.get(reverse("organizations:list")).content.decode()
