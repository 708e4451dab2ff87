from django.urls import path

from . import views

app_name = "tasks"
urlpatterns = [
    path("", views.task_list, name="list"),
    path("new/", views.task_new, name="new"),
    path("import/", views.task_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("circular.pdf", views.circular_pdf, name="circular"),
    path("circulars/", views.circular_list, name="circulars"),
    path("circulars/<int:pk>.pdf", views.circular_issued, name="circular_issued"),
    path("units/", views.unit_table, name="units"),
    path("from-hot-issue/", views.from_hot_issue, name="from_hot_issue"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<str:number>/", views.meeting_detail, name="meeting"),
    path("meetings/<str:number>/tasks/", views.meeting_tasks, name="meeting_tasks"),
    path("meetings/<str:number>/edit/", views.meeting_edit, name="meeting_edit"),
    path("benchmarking/", views.visit_list, name="visits"),
    path("benchmarking/new/", views.visit_new, name="visit_new"),
    path("benchmarking/<str:number>/", views.visit_detail, name="visit"),
    path("<str:number>/", views.task_detail, name="detail"),
    path("<str:number>/act/<str:code>/", views.task_act, name="act"),
    path("<str:number>/files/<int:pk>/", views.task_file, name="file"),
]
