from django.urls import path

from . import views

app_name = "insight"
urlpatterns = [
    path("models/", views.model_list, name="models"),
    path("models/train/", views.train, name="train"),
    path("models/settings/", views.save_settings, name="settings"),
    path("models/<int:number>/", views.model_detail, name="model"),
    path("models/<int:number>/activate/", views.activate, name="activate"),
    path("hot/", views.hot_issues, name="hot"),
    path("duplicates/", views.duplicate_groups, name="duplicates"),
]
