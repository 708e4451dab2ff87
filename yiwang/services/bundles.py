"""One thing, one visit (一件事一次办): one form for a bundle's items, split into one
application per item, followed together."""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.errors import ActionRefused

from . import services
from .models import BundleCase


@dataclass
class SharedMaterial:
    key: str
    name: str
    required: bool
    materials: list  # the items' Material rows it stands for

    @property
    def extensions(self):
        common = None
        for m in self.materials:
            common = set(m.extensions) if common is None else common & set(m.extensions)
        return sorted(common or [])


def material_key(m):
    return m.shared_key or f"m{m.pk}"


def form_of(bundle):
    """The bundle's one form: each field and each material once, however many items ask for it."""
    items = list(bundle.items.order_by("bundleitem__position").prefetch_related("materials"))
    fields, materials = {}, {}
    for item in items:
        for f in item.form_fields:
            known = fields.setdefault(f["key"], dict(f))
            known["required"] = bool(known.get("required") or f.get("required"))
        for m in item.materials.all():
            key = material_key(m)
            shared = materials.get(key)
            if shared is None:
                materials[key] = SharedMaterial(key, m.name, m.required, [m])
            else:
                shared.materials.append(m)
                shared.required = shared.required or m.required
    return items, list(fields.values()), list(materials.values())


def submit(*, actor, bundle, channel, applicant, form_data, materials, portal_user=None, assist_kind=""):
    """`applicant` holds the applicant fields; `materials` maps a shared key to {"received", "file"}.
    Creates a BundleCase and one application per item, or nothing at all."""
    if not bundle.published:
        raise ActionRefused("unpublished", _("%(name)s is not open for applications.") % {"name": bundle.name})
    items, _fields, shared = form_of(bundle)
    by_key = {s.key: s for s in shared}
    for key, given in (materials or {}).items():
        f = given.get("file")
        if f is not None and key in by_key:
            for m in by_key[key].materials:
                services.check_material_file(m, f)
    errors = {}
    now = timezone.now()
    with transaction.atomic():
        case = BundleCase.objects.create(bundle=bundle, applicant_name=(applicant.get("applicant_name") or "").strip(),
                                         portal_user=portal_user, created_at=now,
                                         created_by=actor if getattr(actor, "pk", None) else None)
        case.number = f"YJS{timezone.localtime(now):%Y%m%d}{case.pk:06d}"
        case.save(update_fields=["number"])
        for item in items:
            per_item = {}
            for m in item.materials.all():
                given = (materials or {}).get(material_key(m)) or {}
                f = given.get("file")
                if f is not None:
                    f.seek(0)
                per_item[m.pk] = {"received": given.get("received"), "file": f}
            try:
                services.create_application(
                    actor=actor, item=item, channel=channel, form_data=form_data, materials=per_item,
                    portal_user=portal_user, bundle_case=case, assist_kind=assist_kind, **applicant)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    if field.startswith("material_"):
                        m = next(m for m in item.materials.all() if f"material_{m.pk}" == field)
                        field = f"material_{material_key(m)}"
                    errors.setdefault(field, messages)
        if errors:
            raise ValidationError(errors)
    return case


def progress(case):
    apps = list(case.applications.select_related("item").order_by("id"))
    finished = all(a.is_finished for a in apps)
    return apps, finished
