from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from yiwang.accounts.login import LoginForm

from . import portal

app_name = "portal"
urlpatterns = [
    path("", portal.home, name="home"),
    path("guides/", portal.guides, name="guides"),
    path("guides/<str:code>/", portal.guide, name="guide"),
    path("guides/<str:code>/v<int:number>/", portal.guide, name="guide_version"),
    path("bundles/<str:code>/", portal.bundle_guide, name="bundle"),
    path("register/", portal.register, name="register"),
    path("activate/<str:token>/", portal.activate, name="activate"),
    path("password/", portal.password_reset, name="password_reset"),
    path("password/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html", success_url=reverse_lazy("portal:login")),
        name="password_reset_confirm"),
    path("login/", auth_views.LoginView.as_view(template_name="portal/login.html", authentication_form=LoginForm,
                                                next_page=reverse_lazy("portal:home")), name="login"),
    path("apply/<str:code>/", portal.apply, name="apply"),
    path("bundles/<str:code>/apply/", portal.apply_bundle, name="apply_bundle"),
    path("applications/<str:number>/", portal.application, name="application"),
    path("applications/<str:number>/act/<str:code>/", portal.act, name="act"),
    path("applications/<str:number>/doc/<str:kind>.pdf", portal.document, name="document"),
    path("bundle-cases/<str:number>/", portal.bundle_case, name="bundle_case"),
    path("follow/<str:number>/<str:token>/", portal.follow, name="follow"),
]
