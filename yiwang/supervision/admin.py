from django.contrib import admin

from yiwang.singleton import SingletonAdmin

from .models import Weights


@admin.register(Weights)
class WeightsAdmin(SingletonAdmin):
    list_display = ["__str__", "response", "resolution", "satisfaction", "on_time", "returns", "rectification"]
