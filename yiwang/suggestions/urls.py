from django.urls import path

from . import views

app_name = "suggestions"
urlpatterns = [
    path("", views.campaigns, name="campaigns"),
    path("new/", views.campaign_new, name="campaign_new"),
    path("c/<slug:code>/", views.campaign_detail, name="campaign"),
    path("c/<slug:code>/regroup/", views.campaign_regroup, name="regroup"),
    path("s/<str:number>/", views.suggestion_detail, name="detail"),
    path("s/<str:number>/act/<str:code>/", views.suggestion_act, name="act"),
    path("from-order/<str:number>/", views.from_order, name="from_order"),
]
