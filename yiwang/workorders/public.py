"""Citizen pages: file a request, then follow it by its number and phone."""
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .forms import CitizenForm, TrackForm
from .models import Channel, Status, WorkOrder

# What a citizen sees of the timeline: the steps, not the internal notes.
PUBLIC_STEPS = {
    "create": gettext_lazy("Request received"), "answer_now": gettext_lazy("Answered"), "dispatch": gettext_lazy("Passed to the responsible unit"),
    "redispatch": gettext_lazy("Passed to the responsible unit"), "sign_for": gettext_lazy("The unit has taken it on"),
    "reply": gettext_lazy("The unit has replied"), "callback": gettext_lazy("Callback made"), "close": gettext_lazy("Closed"),
    "merge": gettext_lazy("Handled together with an earlier request"), "suspend": gettext_lazy("Waiting on something outside the unit"),
    "resume": gettext_lazy("Handling resumed"),
}


def file_request(request):
    form = CitizenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.create_order(actor=None, channel=Channel.WEB, files=request.FILES.getlist("files"),
                                          **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            request.session["filed_order"] = order.number
            return redirect("public:filed")
    return render(request, "public/new.html", {"form": form})


def filed(request):
    number = request.session.get("filed_order")
    if not number:
        return redirect("public:new")
    return render(request, "public/filed.html", {"number": number})


def track(request):
    form = TrackForm(request.GET or None)
    order = steps = None
    if request.GET and form.is_valid():
        order = WorkOrder.objects.filter(number=form.cleaned_data["number"].strip(),
                                         caller_phone=form.cleaned_data["phone"].strip()).first()
        if order is None:
            form.add_error(None, _("No request matches this number and phone."))
        else:
            steps = [(e.at, PUBLIC_STEPS[e.action]) for e in order.events.all() if e.action in PUBLIC_STEPS]
    return render(request, "public/track.html", {
        "form": form, "order": order, "steps": steps,
        "show_answer": order is not None and order.status in (Status.PENDING_CALLBACK, Status.CLOSED),
    })
