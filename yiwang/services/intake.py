"""Reading an application form (one item or a bundle, at the window or on the portal) from a
request, and putting the service's errors back on the page."""
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from yiwang.errors import ActionRefused

from . import bundles, held
from .forms import DELIVERY_FIELDS, ApplicantForm

APPLICANT_FIELDS = ("applicant_kind", "applicant_name", "id_number", "credit_code", "legal_rep", "contact_phone",
                    "address", *DELIVERY_FIELDS)


@dataclass
class MaterialRow:
    key: str
    name: str
    required: bool
    deferrable: bool
    notes: str
    form: str
    medium: str
    extensions: list
    sample: object = None
    blank_form: object = None
    error: str = ""
    received: bool = False  # the window's 已核验 tick, kept when the form comes back with errors
    held: dict = None  # a file chosen before the form came back: {"token", "name"}


@dataclass
class FieldRow:
    key: str
    label: str
    required: bool
    value: str = ""
    error: str = ""


@dataclass
class Intake:
    """The page's state: the applicant form, the item's (or bundle's) fields and materials."""
    applicant: ApplicantForm
    fields: list
    materials: list
    errors: list = field(default_factory=list)

    def absorb(self, exc: ValidationError):
        for name, messages in exc.message_dict.items():
            text = " ".join(messages)
            if name in self.applicant.fields:
                self.applicant.add_error(name, text)
            elif name.startswith("form_"):
                for f in self.fields:
                    if f"form_{f.key}" == name:
                        f.error = text
            elif name.startswith("material_"):
                for m in self.materials:
                    if f"material_{m.key}" == name:
                        m.error = text
            else:
                self.errors.append(text)


def item_rows(item):
    return [MaterialRow(str(m.pk), m.name, m.required, m.deferrable, m.notes, m.get_form_display(),
                        m.get_medium_display(), m.extensions, m.sample, m.blank_form) for m in item.materials.all()]


def bundle_rows(bundle):
    _items, form_fields, shared = bundles.form_of(bundle)
    rows = [MaterialRow(s.key, s.name, s.required, all(m.deferrable for m in s.materials),
                        "；".join(dict.fromkeys(m.notes for m in s.materials if m.notes)),
                        s.materials[0].get_form_display(), s.materials[0].get_medium_display(), s.extensions)
            for s in shared]
    return form_fields, rows


def build(post, form_fields, material_rows, initial=None):
    applicant = ApplicantForm(post or None, initial=initial)
    fields = [FieldRow(f["key"], f["label"], bool(f.get("required")), (post or {}).get(f"form_{f['key']}", ""))
              for f in form_fields]
    return Intake(applicant, fields, material_rows)


def read(post, files, intake, *, window, locked_identity=None, session=None):
    """The service's keyword arguments from a posted form. `locked_identity` (the portal's
    signed-in applicant) overrides whatever identity was posted. With the `session`, a file chosen
    before the form came back with errors is taken again from where it was held."""
    applicant = {k: (post.get(k) or "").strip() for k in APPLICANT_FIELDS}
    if locked_identity:
        applicant.update(locked_identity)
    form_data = {f.key: (post.get(f"form_{f.key}") or "").strip() for f in intake.fields}
    materials = {}
    for m in intake.materials:
        upload = files.get(f"material_{m.key}")
        if upload is None and session is not None:
            upload = held.take(session, post.get(f"held_{m.key}"))
        m.received = window and post.get(f"received_{m.key}") == "1"
        materials[m.key] = {"received": m.received, "file": upload}
    return applicant, form_data, materials


def hold_files(intake, materials, session):
    """The form comes back with errors: keep each chosen file, so that nobody has to choose it again."""
    for m in intake.materials:
        upload = materials.get(m.key, {}).get("file")
        if upload is not None:
            m.held = {"token": held.hold(session, upload), "name": upload.name}


def by_material_id(materials):
    return {int(k): v for k, v in materials.items()}


def attempt(intake, call):
    """Run the service; on bad input put every error on the page and return None."""
    try:
        return call()
    except ValidationError as exc:
        intake.absorb(exc)
    except ActionRefused as exc:
        intake.errors.append(exc.message)
    return None
