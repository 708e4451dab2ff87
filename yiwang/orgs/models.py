from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    """A node of the organisation tree: district → bureaus and streets → sections and
    communities → grids. Work orders are dispatched to units."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("District")
        CENTRE = "centre", _("12345 centre")
        BUREAU = "bureau", _("Bureau")
        STREET = "street", _("Street")
        SECTION = "section", _("Section")
        COMMUNITY = "community", _("Community")
        GRID = "grid", _("Grid")
        ENTERPRISE = "enterprise", _("Enterprise or utility")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Whether work orders may be dispatched to it (a district node or a grid usually not).
    handles_orders = models.BooleanField(_("handles work orders"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name


class Staff(models.Model):
    """A user's place in the organisation. Roles are the user's groups (see roles.py)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="staff")
    display_name = models.CharField(_("display name"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self):
        return self.display_name or self.user.get_username()


class DistrictMap(models.Model):
    """The district's boundaries (streets and grids) as uploaded GeoJSON; the newest is shown."""

    geojson = models.JSONField()
    streets = models.PositiveIntegerField(default=0)
    grids = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]  # the first is the current map, for every reader
        verbose_name = _("district map")
        verbose_name_plural = _("district maps")


class RoleSetup(models.Model):
    """A role whose group got its default permissions (once: from then on they are the security
    administrator's, and no migration or upgrade puts back what was taken away)."""

    role = models.CharField(max_length=32, unique=True)
    at = models.DateTimeField(auto_now_add=True)
