from django.urls import path

from members import views

# Included under organizations/, so the paths (and bookmarks) are the ones they had there.
app_name = "members"
urlpatterns = [
    path("members/", views.MemberListView.as_view(), name="members"),
    path("members/new/", views.MemberCreateView.as_view(), name="member_create"),
    path("members/<int:pk>/", views.MemberDetailView.as_view(), name="member_detail"),
    path("members/<int:pk>/edit/", views.MemberUpdateView.as_view(), name="member_update"),
    path("members/<int:pk>/archive/", views.MemberArchiveView.as_view(), name="member_archive"),
    path("members/<int:pk>/check-in/", views.CheckInCreateView.as_view(), name="checkin_create"),
    path("members/<int:pk>/pledges/", views.PledgeMarkView.as_view(), name="pledge_mark"),
    path("check-ins/", views.CheckInListView.as_view(), name="checkins"),
    path("check-ins/<int:pk>/end/", views.CheckInEndView.as_view(), name="checkin_end"),
    path("service-cards/", views.ServiceCardListView.as_view(), name="service_cards"),
    path("service-cards/export.xlsx", views.ServiceCardExportView.as_view(), name="service_cards_export"),
    path("service-cards/<int:pk>/", views.ServiceCardView.as_view(), name="service_card"),
]
