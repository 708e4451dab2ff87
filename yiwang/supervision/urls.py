from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("assessment/", views.assessment, name="assessment"),
    path("notices/", views.notice_list, name="notices"),
]
