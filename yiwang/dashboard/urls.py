from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard, name="home"),
    path("data.json", views.data_json, name="data"),
    path("map.json", views.map_json, name="map"),
    path("boundaries/", views.boundaries, name="boundaries"),
]
