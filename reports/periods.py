"""Periods for figures: a year, quarter, month or date range, in Asia/Shanghai days."""

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    key: str  # as written in the URL: 2026, 2026-Q3, 2026-07 or 2026-01-01..2026-03-31

    @property
    def label(self) -> str:
        if re.fullmatch(r"\d{4}", self.key):
            return _("%(year)s") % {"year": self.key}
        if match := re.fullmatch(r"(\d{4})-Q([1-4])", self.key):
            return _("Q%(q)s %(year)s") % {"q": match[2], "year": match[1]}
        if re.fullmatch(r"\d{4}-\d{2}", self.key):
            return self.start.strftime("%Y-%m")
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes [start of the first day, start of the day after the last) in local time."""
        tz = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz),
        )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def query(self) -> str:
        return f"period={self.key}"


class PeriodError(ValueError):
    pass


def year(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31), f"{y}")


def parse(value: str | None, today: date | None = None) -> Period:
    """Read a period as written in a URL; this year when empty. Raises PeriodError when unreadable."""
    today = today or timezone.localdate()
    value = (value or "").strip()
    try:
        if not value:
            return year(today.year)
        if re.fullmatch(r"\d{4}", value):
            return year(int(value))
        if match := re.fullmatch(r"(\d{4})-Q([1-4])", value, re.IGNORECASE):
            y, q = int(match[1]), int(match[2])
            first = date(y, 3 * q - 2, 1)
            last_month = 3 * q
            return Period(first, date(y, last_month, calendar.monthrange(y, last_month)[1]), f"{y}-Q{q}")
        if match := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
            y, m = int(match[1]), int(match[2])
            return Period(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), f"{y}-{m:02d}")
        if match := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", value):
            start, end = date.fromisoformat(match[1]), date.fromisoformat(match[2])
            if end < start:
                raise PeriodError(_("The end of the period is before its start."))
            if (end - start).days > 3660:
                raise PeriodError(_("A period is at most ten years."))
            return Period(start, end, value)
    except ValueError as exc:
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(_("This is not a date the calendar has.")) from exc
    raise PeriodError(
        _(
            "Write the period as a year (2026), a quarter (2026-Q3), a month (2026-07) or a range (2026-01-01..2026-03-31)."
        )
    )


def last_days(n: int, today: date | None = None) -> Period:
    today = today or timezone.localdate()
    start = today - timedelta(days=n - 1)
    return Period(start, today, f"{start.isoformat()}..{today.isoformat()}")
