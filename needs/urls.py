from django.urls import path

from needs import views

app_name = "needs"
urlpatterns = [
    path("", views.placeholder, name="index"),
]
