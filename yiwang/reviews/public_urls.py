from django.urls import path

from . import views

app_name = "rate"
urlpatterns = [
    path("rate/<str:kind>/<str:number>/<str:token>/", views.rate, name="rate"),
    path("fault/", views.fault, name="fault"),
    path("fault/done/", views.fault_done, name="fault_done"),
    path("case/<str:number>/<str:token>/", views.public_case, name="case"),
]
