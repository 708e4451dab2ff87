from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from yiwang import health, metrics
from yiwang.accounts.login import LoginForm
from yiwang.api.api import api
from yiwang.projects import views as project_views

urlpatterns = [
    path("favicon.ico", RedirectView.as_view(url=static("yiwang/favicon.svg"), permanent=True)),
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    # One staff log-in page with one set of guards: the admin's own sends there.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("yiwang.accounts.urls")),
    path("audit/", include("yiwang.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("captcha/", include("captcha.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("open311/v2/", include("yiwang.open311.urls")),
    path("public/", include("yiwang.workorders.public_urls")),
    path("public/", include("yiwang.reviews.public_urls")),
    path("reviews/", include("yiwang.reviews.urls")),
    path("supervision/", include("yiwang.supervision.urls")),
    path("dashboard/", include("yiwang.dashboard.urls")),
    path("hall/", include("yiwang.services.urls")),
    path("portal/", include("yiwang.services.portal_urls")),
    path("insight/", include("yiwang.insight.urls")),
    path("tasks/", include("yiwang.tasks.urls")),
    path("suggestions/", include("yiwang.suggestions.urls")),
    path("proposals/", include("yiwang.proposals.urls")),
    path("enterprises/", include("yiwang.enterprises.urls")),
    path("policies/", include("yiwang.policies.urls")),
    path("public/policies/", include("yiwang.policies.public_urls")),
    path("portal/enterprise/", include("yiwang.policies.portal_urls")),
    path("projects/", include("yiwang.projects.urls")),
    path("assistance/", include("yiwang.assistance.urls")),
    path("public/projects/", include("yiwang.projects.public_urls")),
    path("portal/projects/", include("yiwang.projects.portal_urls")),
    path("open/projects/oc4ids.json", project_views.oc4ids_json, name="open_projects"),
    path("health/", health.view, name="health"),
    path("metrics/", metrics.view, name="metrics"),
    path("public/suggestions/", include("yiwang.suggestions.public_urls")),
    path("", include("yiwang.workorders.urls")),
]
