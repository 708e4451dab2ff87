"""Applications (一网通办) over the API: online submission with materials, the list, the history
and the same workflow table as the hall's pages."""
import base64
import binascii
import datetime as dt
from typing import Literal

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Answer
from ninja.pagination import paginate

from yiwang.privacy.masking import mask_id_number, mask_phone
from yiwang.services import actions, permissions, selectors, services, workflow
from yiwang.services.models import Application, ApplicantKind, ServiceItem, Status

from .base import (NOT_BLANK, ActionOut, Count, CreditCode, Day, EventOut, Id, IdNumber, In, Mapped, OptionalPhone, Page, Phone, actions_out, events_out, require_scope,
                   selector_params)
from .errors import ApiError

router = Router(tags=["applications"])


class ApplicationMaterialOut(Schema):
    id: int
    name: str
    required: bool
    state: str


class ApplicationOut(Schema):
    number: str
    item_code: str
    item_name: str
    channel: str
    status: str
    status_label: str
    applicant_kind: str
    applicant_name: str
    id_number: str = Field(description="masked")
    credit_code: str
    contact_phone: str = Field(description="masked")
    form: dict
    submitted_at: dt.datetime
    accepted_at: dt.datetime | None
    promised_deadline: dt.datetime | None
    statutory_deadline: dt.datetime | None
    finished_at: dt.datetime | None
    decision: str
    materials: list[ApplicationMaterialOut]
    version: int


def out(app):
    return {
        "number": app.number, "item_code": app.item.code, "item_name": app.item.name, "channel": app.channel,
        "status": app.status, "status_label": app.get_status_display(), "applicant_kind": app.applicant_kind,
        "applicant_name": app.applicant_name, "id_number": mask_id_number(app.id_number),
        "credit_code": app.credit_code, "contact_phone": mask_phone(app.contact_phone), "form": app.form_data,
        "submitted_at": app.submitted_at, "accepted_at": app.accepted_at,
        "promised_deadline": app.promised_deadline, "statutory_deadline": app.statutory_deadline,
        "finished_at": app.finished_at, "decision": app.decision,
        "materials": [{"id": m.pk, "name": m.name, "required": m.required, "state": m.state}
                      for m in app.materials.all()],
        "version": app.version,
    }


def _visible(request, number):
    app = (permissions.visible_applications(request.user).select_related("item")
           .prefetch_related("materials").filter(number=number).first())
    if app is None:
        raise ApiError(404, "not_found", _("No such application."))
    return app


class MaterialIn(In):
    material_id: Id = Field(description="the id of the guide's material (see /catalogue/items/{code})")
    file_name: str = Field(max_length=200, pattern=r"^[^/\\]+\.[A-Za-z0-9]{1,8}$")
    content_base64: str = Field(max_length=30_000_000)


class ApplicationIn(In):
    item_code: str = Field(max_length=40)
    applicant_kind: Literal[tuple(ApplicantKind.values)]
    applicant_name: str = Field(min_length=1, max_length=100, pattern=NOT_BLANK)
    contact_phone: Phone
    id_number: IdNumber = ""
    credit_code: CreditCode = ""
    legal_rep: str = Field("", max_length=50)
    address: str = Field("", max_length=200)
    form: dict[str, str] = Field({}, description="the guide's form fields by key")
    materials: list[MaterialIn] = Field([], max_length=50)
    delivery: Literal[tuple(Application.Delivery.values)] = Field(description="how the result is received")
    mail_recipient: str = Field("", max_length=50, description="mail: the recipient")
    mail_phone: OptionalPhone = Field("", description="mail: the recipient's phone")
    mail_address: str = Field("", max_length=200, description="mail: the address (required for mail)")


def _decoded(materials):
    given = {}
    for m in materials:
        try:
            content = base64.b64decode(m.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise ApiError(422, "invalid", _("%(name)s is not valid base64.") % {"name": m.file_name}) from None
        given[m.material_id] = {"file": ContentFile(content, name=m.file_name), "received": True}
    return given


@router.post("/applications", response={201: ApplicationOut}, summary="Submit an application online")
def create_application(request, payload: ApplicationIn):
    """An online application (channel `online`) for a published item that may be applied for online.
    Every problem is listed at once and nothing is stored until all is well."""
    require_scope(request, "applications:write")
    if not permissions.can_take_applications(request.user):
        raise ApiError(403, "forbidden", _("Your role may not take applications."))
    item = ServiceItem.objects.filter(code=payload.item_code, published=True).first()
    if item is None:
        raise ApiError(404, "not_found", _("No published service item with code %(code)s.") % {"code": payload.item_code})
    app = services.create_application(
        actor=request.user, item=item, channel=Application.Channel.ONLINE, applicant_kind=payload.applicant_kind,
        applicant_name=payload.applicant_name, contact_phone=payload.contact_phone, id_number=payload.id_number,
        credit_code=payload.credit_code, legal_rep=payload.legal_rep, address=payload.address,
        form_data=payload.form, materials=_decoded(payload.materials), delivery=payload.delivery,
        mail_recipient=payload.mail_recipient, mail_phone=payload.mail_phone, mail_address=payload.mail_address)
    return Answer(201, out(_visible(request, app.number)))


class ApplicationFilters(Schema):
    status: Literal[tuple(Status.values)] | None = None
    channel: Literal[tuple(Application.Channel.values)] | None = None
    unit_id: Id | None = Field(None, description="the implementing unit")
    item_code: str | None = Field(None, max_length=40)
    q: str | None = Field(None, max_length=100, description="number, applicant or item contains")
    submitted_from: Day | None = None
    submitted_to: Day | None = None


@router.get("/applications", response=list[ApplicationOut], summary="List applications")
@paginate(Page)
def list_applications(request, filters: Query[ApplicationFilters]):
    require_scope(request, "applications:read")
    f = filters
    qs = selectors.search(request.user, selector_params(status=f.status, channel=f.channel, unit=f.unit_id, q=f.q)).prefetch_related("materials")
    if f.item_code:
        qs = qs.filter(item__code=f.item_code)
    if f.submitted_from:
        qs = qs.filter(submitted_at__date__gte=f.submitted_from)
    if f.submitted_to:
        qs = qs.filter(submitted_at__date__lte=f.submitted_to)
    return Mapped(qs, out)


@router.get("/applications/{number}", response=ApplicationOut, summary="One application")
def get_application(request, number: str):
    require_scope(request, "applications:read")
    return out(_visible(request, number))


@router.get("/applications/{number}/events", response=list[EventOut], summary="Its history")
def get_application_events(request, number: str):
    require_scope(request, "applications:read")
    app = _visible(request, number)
    return events_out(app.events.all(), workflow.event_label)


@router.get("/applications/{number}/actions", response=list[ActionOut], summary="What you may do now")
def get_application_actions(request, number: str):
    require_scope(request, "applications:read")
    app = _visible(request, number)
    return actions_out(workflow.available(app, request.user))


class ApplicationActionIn(In):
    version: Count
    note: str = Field("", max_length=5000)
    due: Day | None = Field(None, description="accept_with_pending: materials follow by")
    commitment: str | None = Field(None, max_length=5000, description="accept_on_commitment")
    signed: bool = Field(False, description="accept_on_commitment: the applicant signed")
    reason: str | None = Field(None, max_length=5000, description="reject, withdraw, start_special")
    opinion: str | None = Field(None, max_length=5000, description="pass_step")
    decision: Literal["approve", "deny"] | None = Field(None, description="decide")
    reasons: str | None = Field(None, max_length=5000, description="decide")
    kind: str | None = Field(None, max_length=20, description="start_special")
    outcome: str | None = Field(None, max_length=5000, description="end_special")
    recipient: str | None = Field(None, max_length=50, description="mail")
    phone: str | None = Field(None, max_length=20, description="mail")
    address: str | None = Field(None, max_length=200, description="mail")
    tracking_number: str | None = Field(None, max_length=40, description="mail")
    kept: bool = Field(False, description="check_commitment")
    received_material_ids: list[Id] = Field([], max_length=50,
                                            description="supply_correction, supply_pending: materials handed in")


@router.post("/applications/{number}/actions/{code}", response=ApplicationOut, summary="Take a workflow action")
def act_on_application(request, number: str, code: Literal[tuple(workflow.ACTIONS)], payload: ApplicationActionIn):
    """Accept, request correction, pass a step, decide, deliver... as the application's page allows
    your role in its state."""
    require_scope(request, "applications:write")
    app = _visible(request, number)
    p = payload.dict()
    received = set(p.pop("received_material_ids"))
    fields = {"version": str(p.pop("version")), "signed": "1" if p.pop("signed") else "",
              "kept": "1" if p.pop("kept") else ""}
    fields.update({k: str(v) for k, v in p.items() if v is not None})

    def materials(states):
        return {row.pk: {"file": None, "received": True}
                for row in app.materials.filter(state__in=states, pk__in=received)}

    actions.run(app, request.user, code, fields, materials=materials)
    return out(_visible(request, number))


