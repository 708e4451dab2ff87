from django.contrib import admin

from .models import Weights


@admin.register(Weights)
class WeightsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "response", "resolution", "satisfaction", "on_time", "returns", "rectification"]

    def has_add_permission(self, request):
        return not Weights.objects.exists()
