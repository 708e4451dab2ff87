from django.urls import path

from . import views

app_name = "assistance"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/reveal/<str:field>/", views.person_reveal, name="person_reveal"),
    path("households/<int:pk>/", views.household, name="household"),
    path("warnings/", views.alert_list, name="alerts"),
    path("warnings/<int:pk>/", views.alert_detail, name="alert"),
    path("review/", views.review, name="review"),
    path("review/<int:pk>/", views.review_pair, name="pair"),
    path("sources/", views.sources, name="sources"),
    path("sources/<str:code>/", views.source_records, name="records"),
    path("imports/<int:pk>/", views.import_plan, name="import"),
    path("referrals/", views.referrals, name="referrals"),
    path("referrals/<int:pk>/answer/", views.answer_referral, name="answer"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/new/", views.rule_edit, name="rule_new"),
    path("rules/<int:pk>/", views.rule_edit, name="rule"),
]
