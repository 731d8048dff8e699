from django.urls import path

from organizations import member_views, views

app_name = "organizations"
urlpatterns = [
    path("", views.OrganizationListView.as_view(), name="list"),
    path("export.xlsx", views.OrganizationExportView.as_view(), name="export"),
    path("new/", views.OrganizationCreateView.as_view(), name="create"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/<str:token>/confirm/", views.ImportConfirmView.as_view(), name="import_confirm"),
    path("<int:pk>/", views.OrganizationDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.OrganizationUpdateView.as_view(), name="update"),
    path("<int:pk>/archive/", views.OrganizationArchiveView.as_view(), name="archive"),
    # Dual check-in (双报到): party members, check-ins and pledges, service cards.
    path("members/", member_views.MemberListView.as_view(), name="members"),
    path("members/new/", member_views.MemberCreateView.as_view(), name="member_create"),
    path("members/<int:pk>/", member_views.MemberDetailView.as_view(), name="member_detail"),
    path("members/<int:pk>/edit/", member_views.MemberUpdateView.as_view(), name="member_update"),
    path("members/<int:pk>/archive/", member_views.MemberArchiveView.as_view(), name="member_archive"),
    path("members/<int:pk>/check-in/", member_views.CheckInCreateView.as_view(), name="checkin_create"),
    path("members/<int:pk>/pledges/", member_views.PledgeMarkView.as_view(), name="pledge_mark"),
    path("check-ins/", member_views.CheckInListView.as_view(), name="checkins"),
    path("check-ins/<int:pk>/end/", member_views.CheckInEndView.as_view(), name="checkin_end"),
    path("service-cards/", member_views.ServiceCardListView.as_view(), name="service_cards"),
    path(
        "service-cards/export.xlsx", member_views.ServiceCardExportView.as_view(), name="service_cards_export"
    ),
    path("service-cards/<int:pk>/", member_views.ServiceCardView.as_view(), name="service_card"),
]
