from django.urls import path

from . import views

app_name = "proposals"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.proposal_new, name="new"),
    path("report/", views.report, name="report"),
    path("<str:number>/", views.proposal_detail, name="detail"),
    path("<str:number>/act/<str:code>/", views.proposal_act, name="act"),
]
