from django.urls import path

from . import views

app_name = "public_suggestions"
urlpatterns = [
    path("", views.public_campaigns, name="campaigns"),
    path("<slug:code>/", views.public_campaign, name="campaign"),
    path("<slug:code>/done/", views.public_done, name="done"),
    path("follow/<str:number>/<str:token>/", views.public_follow, name="follow"),
]
