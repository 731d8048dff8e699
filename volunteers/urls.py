from django.urls import path

from volunteers import views

app_name = "volunteers"
urlpatterns = [
    path("", views.placeholder, name="index"),
]
