"""Calendar periods in local dates: the quarter of service cards and cadre reports (below both apps)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, the period of a service card."""

    year: int
    number: int

    def __post_init__(self):
        if not 1 <= self.number <= 4 or not 2000 <= self.year <= 2100:
            raise ValueError(f"no such quarter: {self.year}Q{self.number}")

    @classmethod
    def containing(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def current(cls) -> Quarter:
        return cls.containing(timezone.localdate())

    @classmethod
    def parse(cls, text: str | None, default: Quarter | None = None) -> Quarter:
        """``2026Q3`` (as in URLs); an empty or malformed value gives ``default`` or this quarter."""
        try:
            year, number = (text or "").upper().split("Q")
            return cls(int(year), int(number))
        except (ValueError, TypeError):
            return default or cls.current()

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        return self.next().start - datetime.timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def aware_bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Local midnight at the start of the quarter and of the next one (for datetime fields)."""
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min)
        end = datetime.datetime.combine(self.next().start, datetime.time.min)
        return timezone.make_aware(start, tz), timezone.make_aware(end, tz)

    @property
    def key(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return _("Q%(number)s %(year)s") % {"number": self.number, "year": self.year}

    def __str__(self):
        return self.label

    @classmethod
    def recent(cls, count: int = 8) -> list[Quarter]:
        """This quarter and the ones before it, newest first (the period pickers' choices)."""
        quarters = [cls.current()]
        while len(quarters) < count:
            quarters.append(quarters[-1].previous())
        return quarters
