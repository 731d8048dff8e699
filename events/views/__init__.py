"""Event pages, in three modules: staff pages, what staff print and count, everyone's pages;
urls.py names them from here."""

from events.views.public import (
    CheckInView,
    MyRegistrationsView,
    feed,
    feed_reset,
    register_self,
    registration_cancel,
)
from events.views.sheets import (
    ExportView,
    FiguresView,
    PersonRecordView,
    PosterView,
    SignInSheetView,
    attendance_export,
    qr_svg,
)
from events.views.staff import (
    CalendarView,
    EventCreateView,
    EventDetailView,
    EventListView,
    EventUpdateView,
    UpcomingView,
    attachment_add,
    event_archive,
    event_cancel,
    index,
    photo_add,
    register_person,
    staff_checkin,
)

__all__ = [
    "CalendarView",
    "CheckInView",
    "EventCreateView",
    "EventDetailView",
    "EventListView",
    "EventUpdateView",
    "ExportView",
    "FiguresView",
    "MyRegistrationsView",
    "PersonRecordView",
    "PosterView",
    "SignInSheetView",
    "UpcomingView",
    "attachment_add",
    "attendance_export",
    "event_archive",
    "event_cancel",
    "feed",
    "feed_reset",
    "index",
    "photo_add",
    "qr_svg",
    "register_person",
    "register_self",
    "registration_cancel",
    "staff_checkin",
]
