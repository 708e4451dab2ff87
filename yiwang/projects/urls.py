from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_edit, name="new"),
    path("map/", views.project_map, name="map"),
    path("map.json", views.map_json, name="map_json"),
    path("posts/", views.post_list, name="posts"),
    path("posts/<int:pk>/", views.post_detail, name="post"),
    path("acceptances/", views.acceptance_list, name="acceptances"),
    path("acceptances/<str:number>/", views.acceptance_detail, name="acceptance"),
    path("acceptances/<str:number>/act/<str:code>/", views.acceptance_act, name="acceptance_act"),
    path("acceptances/<str:number>/opinion.pdf", views.opinion_pdf, name="opinion_pdf"),
    path("acceptances/<str:number>/reveal/<str:field>/", views.acceptance_reveal, name="acceptance_reveal"),
    path("interests/", views.interest_list, name="interests"),
    path("interests/<str:number>/", views.interest_detail, name="interest"),
    path("interests/<str:number>/act/<str:code>/", views.interest_act, name="interest_act"),
    path("interests/<str:number>/reveal/<str:field>/", views.interest_reveal, name="interest_reveal"),
    path("m/<int:pk>/", views.milestone_edit, name="milestone"),
    path("milestones/", views.milestone_list, name="milestones"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/problem/", views.problem_new, name="problem"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/acceptance/", views.acceptance_apply, name="acceptance_apply"),
]
