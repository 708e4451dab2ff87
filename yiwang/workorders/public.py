"""Citizen pages: file a request, then follow it by its number and phone."""
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiwang import throttle, tracking
from yiwang.privacy.fields import lookup

from . import services
from .forms import CitizenForm, TrackForm
from .models import Channel, Status, WorkOrder

# What a citizen sees of the timeline: the steps, not the internal notes.
PUBLIC_STEPS = {
    "create": gettext_lazy("Request received"), "answer_now": gettext_lazy("Answered"), "dispatch": gettext_lazy("Passed to the responsible unit"),
    "redispatch": gettext_lazy("Passed to the responsible unit"), "sign_for": gettext_lazy("The unit has taken it on"),
    "reply": gettext_lazy("The unit has replied"), "callback": gettext_lazy("Callback made"), "close": gettext_lazy("Closed"),
    "merge": gettext_lazy("Handled together with an earlier request"), "suspend": gettext_lazy("Waiting on something outside the unit"),
    "resume": gettext_lazy("Handling resumed"), "to_campaign": gettext_lazy("Passed to the suggestion campaign"),
}


def file_request(request):
    gate = throttle.Gate(request, "public-file")
    if gate.refused:
        return gate.refusal()
    form = CitizenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and gate.captcha_passed:
        try:
            order = services.create_order(actor=None, channel=Channel.WEB, files=request.FILES.getlist("files"),
                                          **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            request.session["filed_order"] = order.number
            return redirect("public:filed")
    return render(request, "public/new.html", {"form": form, "captcha": gate.captcha_form})


def filed(request):
    number = request.session.get("filed_order")
    if not number:
        return redirect("public:new")
    return render(request, "public/filed.html", {"number": number})


def track(request):
    """办理进度查询: follow a request or an application by its number and the phone given with
    it. POSTed, so the phone never lands in an address or an access log; limited per address,
    with a captcha after a few tries, so nobody can walk numbers or phones."""
    gate = throttle.Gate(request, "public-track")
    if gate.refused:
        return gate.refusal()
    form = TrackForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid() and gate.captcha_passed:
        found = tracking.find(form.cleaned_data["number"].strip(), form.cleaned_data["phone"].strip(), request)
        if found is None:
            form.add_error(None, _("No request matches this number and phone."))
    return render(request, "public/track.html", {"form": form, "found": found, "captcha": gate.captcha_form})


def find_order(number, phone, request):
    """The tracking page's finder for 12345 requests: the steps, not the internal notes."""
    order = WorkOrder.objects.filter(number=number, **lookup("caller_phone", phone)).select_related("lead_unit").first() \
        if number and phone else None
    if order is None:
        return None
    steps = [(e.at, PUBLIC_STEPS[e.action]) for e in order.events.all() if e.action in PUBLIC_STEPS]
    return render_to_string("public/_tracked_order.html", {
        "order": order, "steps": steps,
        "show_answer": order.status in (Status.PENDING_CALLBACK, Status.CLOSED)}, request=request)
