from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("new/", views.EventCreateView.as_view(), name="create"),
    path("my/", views.MyRegistrationsView.as_view(), name="my"),
    path("record/", views.PersonRecordView.as_view(), name="record"),
    path("my/calendar-link/", views.feed_reset, name="feed_reset"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("<int:pk>/", views.EventDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.EventUpdateView.as_view(), name="update"),
    path("<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("<int:pk>/archive/", views.event_archive, name="archive"),
    path("<int:pk>/sign-up/", views.register_self, name="register"),
    path("<int:pk>/registrations/add/", views.register_person, name="register_person"),
    path("<int:pk>/registrations/<int:registration_pk>/check-in/", views.staff_checkin, name="staff_checkin"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("<int:pk>/check-in/<str:token>/", views.CheckInView.as_view(), name="checkin"),
    path("<int:pk>/qr.svg", views.qr_svg, name="qr"),
    path("<int:pk>/poster/", views.PosterView.as_view(), name="poster"),
    path("<int:pk>/sign-in-sheet/", views.SignInSheetView.as_view(), name="signin_sheet"),
    path("<int:pk>/attendance.xlsx", views.attendance_export, name="attendance_export"),
    path("<int:pk>/photos/add/", views.photo_add, name="photo_add"),
    path("<int:pk>/material/add/", views.attachment_add, name="attachment_add"),
]
