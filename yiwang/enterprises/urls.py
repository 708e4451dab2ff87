from django.urls import path

from . import views

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("new/", views.enterprise_edit, name="new"),
    path("import/", views.enterprise_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/columns/", views.import_mapping, name="import_mapping"),
    path("import/<int:pk>/apply/", views.import_apply, name="import_apply"),
    path("visits/", views.visit_list, name="visits"),
    path("coverage/", views.coverage, name="coverage"),
    path("<str:credit_code>/", views.enterprise_detail, name="detail"),
    path("<str:credit_code>/edit/", views.enterprise_edit, name="edit"),
    path("<str:credit_code>/assign/", views.enterprise_assign, name="assign"),
    path("<str:credit_code>/visit/", views.visit_new, name="visit"),
    path("<str:credit_code>/butler/", views.enterprise_butler, name="butler"),
]
