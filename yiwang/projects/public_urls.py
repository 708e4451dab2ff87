from django.urls import path

from . import views

app_name = "public_projects"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:pk>/", views.public_detail, name="detail"),
    path("photos/<int:pk>/", views.public_photo, name="photo"),
    path("acceptance/<str:number>/", views.verify, name="verify"),
]
