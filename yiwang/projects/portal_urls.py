from django.urls import path

from . import views

app_name = "projects_portal"
urlpatterns = [
    path("", views.portal_projects, name="home"),
    path("<int:pk>/acceptance/", views.portal_acceptance, name="acceptance"),
]
