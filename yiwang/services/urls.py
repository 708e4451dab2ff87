from django.urls import path

from . import views

app_name = "services"
urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.pick, name="pick"),
    path("new/<str:code>/", views.new, name="new"),
    path("bundle/<str:code>/new/", views.bundle_new, name="bundle_new"),
    path("bundle-cases/<str:number>/", views.bundle_case, name="bundle_case"),
    path("applications/", views.app_list, name="list"),
    path("applications/export.xlsx", views.app_export, name="export"),
    path("applications/<str:number>/", views.detail, name="detail"),
    path("applications/<str:number>/act/<str:code>/", views.act, name="act"),
    path("applications/<str:number>/doc/<str:kind>.pdf", views.document, name="document"),
    path("applications/<str:number>/material/<int:pk>/", views.material_file, name="material"),
    path("applications/<str:number>/reveal/<str:field>/", views.reveal, name="reveal"),
    path("monitor/", views.monitor, name="monitor"),
]
