from django.urls import path

from . import views

app_name = "policies_portal"
urlpatterns = [
    path("", views.portal_home, name="home"),
    path("apply/<int:pk>/", views.portal_apply, name="apply"),
    path("ask/<int:pk>/", views.portal_ask, name="ask"),
    path("rate/<int:pk>/", views.portal_rate, name="rate"),
    path("problem/", views.portal_problem, name="problem"),
]
