from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("assessment/", views.assessment, name="assessment"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/<str:source>/<int:pk>.pdf", views.notice_pdf, name="notice_pdf"),
]
