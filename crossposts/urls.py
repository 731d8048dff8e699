from django.urls import path

from crossposts import views

app_name = "crossposts"
urlpatterns = [
    path("", views.placeholder, name="index"),
]
