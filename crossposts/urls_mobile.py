from django.urls import path

from crossposts import views

app_name = "mobile"
urlpatterns = [
    path("", views.placeholder, name="home"),
]
