from django.urls import path

from . import public

app_name = "public"
urlpatterns = [
    path("", public.file_request, name="new"),
    path("filed/", public.filed, name="filed"),
    path("track/", public.track, name="track"),
]
