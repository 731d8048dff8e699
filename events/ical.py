"""An iCalendar (RFC 5545) feed written by hand: no dependency for a few lines of text."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone


def escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    text = str(text or "")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (§3.1), never inside a UTF-8 character."""
    out, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def _utc(value) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events, name: str) -> str:
    """The VCALENDAR text for ``events`` (each with its stops prefetched)."""
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "hongqiao"
    now = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Hongqiao party-building portal//events//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        place = event.place or " → ".join(s.name for s in event.stops.all())
        description = "\n".join(part for part in (event.theme, event.description) if part)
        lines += [
            "BEGIN:VEVENT",
            f"UID:event-{event.pk}@{host}",
            f"DTSTAMP:{now}",
            f"DTSTART:{_utc(event.starts_at)}",
            f"DTEND:{_utc(event.ends_at)}",
            f"SUMMARY:{escape(event.title)}",
            f"LOCATION:{escape(place)}",
            f"DESCRIPTION:{escape(description)}",
            f"URL:{settings.SITE_URL}{event.get_absolute_url()}",
            f"STATUS:{'CANCELLED' if event.status == 'cancelled' else 'CONFIRMED'}",
            f"SEQUENCE:{event.version}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
