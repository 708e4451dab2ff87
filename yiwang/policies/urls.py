from django.urls import path

from . import views

app_name = "policies"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_new, name="document_new"),
    path("d/<int:pk>/", views.document_detail, name="document"),
    path("d/<int:document>/article/", views.article_edit, name="article_new"),
    path("a/<int:pk>/", views.article_detail, name="article"),
    path("a/<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("a/<int:pk>/run/", views.run_start, name="run_start"),
    path("runs/", views.run_list, name="runs"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("claims/", views.claim_list, name="claims"),
    path("claims/<str:number>/", views.claim_detail, name="claim"),
    path("claims/<str:number>/act/<str:code>/", views.claim_act, name="claim_act"),
    path("claims/<str:number>/files/<int:pk>/", views.claim_file, name="claim_file"),
    path("apply/<str:credit_code>/<int:pk>/", views.butler_apply, name="butler_apply"),
    path("ledger/", views.ledger, name="ledger"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("questions/", views.question_list, name="questions"),
]
