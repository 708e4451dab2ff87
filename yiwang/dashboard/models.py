from django.db import models

from yiwang.orgs.models import Unit
from yiwang.workorders.models import Category


class IntakeDay(models.Model):
    """Orders received on one day, by street, first-level category and channel."""

    day = models.DateField(db_index=True)
    street = models.ForeignKey(Unit, null=True, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, null=True, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=16)
    urgent = models.PositiveIntegerField(default=0)
    n = models.PositiveIntegerField()


class GridDay(models.Model):
    """Orders received on one day in one grid (for the grid map)."""

    day = models.DateField(db_index=True)
    grid = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    n = models.PositiveIntegerField()


class IntakeRolled(models.Model):
    day = models.DateField(unique=True)
    computed_at = models.DateTimeField()


class HotSnapshot(models.Model):
    """The hot issues as last computed in the background: the dashboard shows them without
    clustering thousands of orders on every view."""

    computed_at = models.DateTimeField()
    issues = models.JSONField(default=list)
