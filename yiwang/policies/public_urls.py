from django.urls import path

from . import views

app_name = "public_policies"
urlpatterns = [
    path("", views.public_notice, name="notice"),
    path("object/<str:number>/", views.public_object, name="object"),
    path("sessions/<int:pk>/", views.public_session, name="session"),
]
