from django.urls import path, re_path

from . import views

app_name = "open311"
urlpatterns = [
    path("discovery.<str:fmt>", views.discovery, name="discovery"),
    path("services.<str:fmt>", views.service_list, name="services"),
    re_path(r"^services/(?P<code>[^/]+)\.(?P<fmt>[a-z]+)$", views.service_definition, name="service"),
    path("requests.<str:fmt>", views.requests, name="requests"),
    re_path(r"^requests/(?P<number>[^/]+)\.(?P<fmt>[a-z]+)$", views.request_detail, name="request"),
]
