from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("ratings/", views.rating_list, name="ratings"),
    path("pad/<str:number>/", views.pad, name="pad"),
    path("<str:number>/", views.case_detail, name="detail"),
    path("<str:number>/act/<str:code>/", views.case_act, name="act"),
    path("<str:number>/reveal/", views.case_reveal, name="reveal"),
]
