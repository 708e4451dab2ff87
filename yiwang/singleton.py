"""One settings row per domain (the supervisors' thresholds, the rating rules, the project numbers,
...): every domain's settings model is a `Singleton`, read with `current()` and edited in the admin
through `SingletonAdmin`, which neither adds a second row nor deletes the one there is."""
from django.contrib import admin
from django.db import models


class Singleton(models.Model):
    class Meta:
        abstract = True

    @classmethod
    def current(cls):
        """The row, or an unsaved one with the defaults (reading never writes)."""
        return cls.objects.order_by("pk").first() or cls()

    def save(self, *args, **kwargs):
        if self.pk is None:  # a second "new" row is the one row
            self.pk = type(self).objects.order_by("pk").values_list("pk", flat=True).first()
        super().save(*args, **kwargs)

    def __str__(self):
        return str(self._meta.verbose_name)


class SingletonAdmin(admin.ModelAdmin):
    list_display = ["__str__"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not self.model.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
