"""The data centre's pages: the overview of figures, people and households (the 救助链, opened with a
purpose that is audited), warnings and their visits, the review queue, the departments' imports,
referrals and the rules. Thin: access.py says who sees what, services.py writes."""
import json
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from yiwang.audit.services import record as audit
from yiwang.documents.excel import Sheet, stamp, xlsx_response
from yiwang.errors import ActionRefused
from yiwang.orgs.models import Unit
from yiwang.privacy import reveal

from . import access, importing, selectors, services
from .models import Alert, Grade, Help, ImportRun, Layer, ReviewPair, Rule, Source

PAGE = 30
PURPOSES = access.PURPOSES


def _require(user, ok=None):
    if not (access.may_use(user) if ok is None else ok):
        raise PermissionDenied(_("Your role may not open this page."))


def _flash(request, exc):
    if isinstance(exc, ValidationError):
        for message in (m for ms in exc.message_dict.values() for m in ms):
            messages.error(request, message)
    else:
        messages.error(request, exc.message)


def _query(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def overview(request):
    _require(request.user)
    return render(request, "assistance/overview.html", {"f": selectors.figures(request.user),
                                                        "analyst": access.analyst(request.user)})


def _export_reason(request):
    """An export names its reason, which goes to the audit log; without it, nothing is exported."""
    reason = (request.GET.get("reason") or "").strip()
    if len(reason) < 4:
        messages.error(request, _("Say why you export this list (at least 4 characters): exports are audited."))
        return None
    return reason[:200]


@login_required
def people(request):
    _require(request.user)
    qs = selectors.people(request.user, request.GET)
    if request.GET.get("export") == "xlsx":
        reason = _export_reason(request)
        if reason:
            audit("export", actor=request.user, target="assistance-people",
                  detail={"reason": reason, "filters": {k: v for k, v in request.GET.items() if k != "reason"},
                          "rows": qs.count()})
            sheet = Sheet(_("Assistance people"), [_("Person number"), pgettext("import field", "Name"), _("ID-card number"), _("Street"),
                                                   _("Community"), _("Household"), _("Layer"), _("Help received"),
                                                   _("Qualified for, not received")], widths=(14, 10, 22, 12, 12, 18,
                                                                                              16, 30, 30))
            for p in qs[:50000]:
                sheet.row([p.key, p.name, p.id_number_masked, p.street.name if p.street_id else "",
                           p.community.name if p.community_id else "", p.household.number if p.household_id else "",
                           p.get_layer_display() if p.layer else "", "、".join(str(Help(k).label) for k in p.receives),
                           "、".join(str(Help(k).label) for k in p.missing)])
            return xlsx_response(sheet.content(), f"assistance-people-{stamp()}.xlsx")
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    street, _community = access.place(request.user)
    streets = Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True)
    return render(request, "assistance/people.html", {
        "page": page, "query": _query(request), "params": request.GET, "layers": [c for c in Layer.choices if c[0]],
        "helps": Help.choices, "streets": streets.filter(pk=street.pk) if street else streets})


def _purpose(request, subject):
    """The purpose this session gave for this person or household, or None (the page asks first)."""
    return request.session.get("assistance_purposes", {}).get(subject)


def _ask_purpose(request, subject, title):
    if request.method == "POST" and request.POST.get("purpose"):
        text = access.purpose_text(request.POST["purpose"], request.POST.get("note"))
        if text is None:
            messages.error(request, _("Choose the purpose."))
        else:
            purposes = request.session.get("assistance_purposes", {})
            purposes[subject] = text
            request.session["assistance_purposes"] = purposes
            return redirect(request.path)
    return render(request, "assistance/purpose.html", {"purposes": PURPOSES, "title": title})


def _person_for(user, pk):
    person = access.people(user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


@login_required
def person(request, pk):
    _require(request.user)
    p = _person_for(request.user, pk)
    subject = access.subject(p)
    purpose = _purpose(request, subject)
    if purpose is None:
        return _ask_purpose(request, subject, _("Why do you open %(name)s's assistance chain?") % {"name": p.name})
    audit("assistance.view", actor=request.user, target=subject, detail={"purpose": purpose}, request=request)
    return render(request, "assistance/person.html", {
        "p": p, "purpose": purpose, "records": p.records.select_related("source", "source__unit").order_by(
            "-starts_on", "source__code"),
        "grants": p.grants.select_related("unit"), "alerts": p.alerts.select_related("rule"),
        "members": p.household.members.exclude(pk=p.pk) if p.household_id else [],
        "household_visible": p.household_id and access.households(request.user).filter(pk=p.household_id).exists(),
        "may_reveal": reveal.may_reveal(request.user), "helps": Help})


@login_required
def person_reveal(request, pk, field):
    _require(request.user)
    p = _person_for(request.user, pk)
    if _purpose(request, access.subject(p)) is None:
        raise PermissionDenied(_("Give the purpose first."))
    return reveal.respond(request, subject=access.subject(p), field=field, fields=("id_number", "phone"),
                          value_of=lambda f: getattr(p, f))


@login_required
def household(request, pk):
    _require(request.user)
    hh = access.households(request.user).filter(pk=pk).first()
    if hh is None:
        raise Http404
    subject = access.subject(hh)
    purpose = _purpose(request, subject)
    if purpose is None:
        return _ask_purpose(request, subject, _("Why do you open household %(number)s's assistance chain?") % {
            "number": hh.number})
    audit("assistance.view", actor=request.user, target=subject, detail={"purpose": purpose}, request=request)
    return render(request, "assistance/household.html", {"hh": hh, "purpose": purpose,
                                                         **selectors.household_chain(hh)})


@login_required
def alert_list(request):
    _require(request.user)
    qs = selectors.alerts(request.user, request.GET)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    street, _community = access.place(request.user)
    streets = Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True)
    return render(request, "assistance/alerts.html", {
        "page": page, "query": _query(request), "params": request.GET, "grades": Grade.choices,
        "states": Alert.State.choices, "streets": streets.filter(pk=street.pk) if street else streets})


def _amount(text):
    text = (text or "").replace(",", "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValidationError({"amount": _("“%(v)s” is not an amount of yuan.") % {"v": text}}) from None


@login_required
def alert_detail(request, pk):
    _require(request.user)
    alert = get_object_or_404(selectors.alerts(request.user, {}), pk=pk)
    if request.method == "POST":
        try:
            to_unit = None
            if request.POST.get("to_unit"):
                to_unit = Unit.objects.filter(pk=request.POST["to_unit"], is_active=True).first()
            services.record_visit(actor=request.user, alert=alert, found=request.POST.get("found"),
                                  outcome=request.POST.get("outcome"), help=request.POST.get("help", ""),
                                  amount=_amount(request.POST.get("amount")), to_unit=to_unit,
                                  note=request.POST.get("note"), also=request.POST.get("also") == "1")
            messages.success(request, _("The visit is recorded."))
            return redirect("assistance:alert", pk=alert.pk)
        except (ActionRefused, ValidationError) as exc:
            _flash(request, exc)
    from .models import Record

    behind = Record.objects.filter(pk__in=[r["record"] for r in alert.records]).select_related("source", "person")
    return render(request, "assistance/alert.html", {
        "a": alert, "behind": behind, "may_visit": alert.state == Alert.State.OPEN and access.may_visit(request.user,
                                                                                                        alert),
        "outcomes": Alert.Outcome.choices, "helps": Help.choices, "referrals": alert.referrals.select_related("to_unit"),
        "units": Unit.objects.filter(kind=Unit.Kind.BUREAU, is_active=True),
        "person_visible": access.people(request.user).filter(pk=alert.person_id).exists()})


@login_required
def review(request):
    _require(request.user, access.analyst(request.user))
    page = Paginator(ReviewPair.objects.filter(decision__isnull=True).select_related(
        "first__source", "second__source", "first__street", "second__street"), PAGE).get_page(request.GET.get("page"))
    return render(request, "assistance/review.html", {"page": page, "query": ""})


@login_required
def review_pair(request, pk):
    _require(request.user, access.analyst(request.user))
    pair = get_object_or_404(ReviewPair.objects.select_related("first__source", "second__source", "decision"), pk=pk)
    if request.method == "POST":
        try:
            services.decide_pair(actor=request.user, pair=pair, same=request.POST.get("same") == "1",
                                 reason=request.POST.get("reason"))
            messages.success(request, _("The decision is kept and holds on every later import."))
            following = ReviewPair.objects.filter(decision__isnull=True).first()
            return redirect("assistance:pair", pk=following.pk) if following else redirect("assistance:review")
        except (ActionRefused, ValidationError) as exc:
            _flash(request, exc)
    audit("assistance.view", actor=request.user, target=f"assistance-pair:{pair.pk}",
          detail={"purpose": str(dict(PURPOSES)["review"])}, request=request)
    fields = [(pgettext("import field", "Name"), "name"), (_("Sex"), "sex"), (_("Birth date"), "birth_date"),
              (_("ID-card number"), "id_number_masked"), (_("Street"), "street"), (_("Community"), "community"),
              (_("Address"), "address"), (_("Household number"), "household_number"), (_("Phone"), "phone_masked")]
    rows = [(label, getattr(pair.first, f), getattr(pair.second, f)) for label, f in fields]
    return render(request, "assistance/pair.html", {"pair": pair, "rows": rows})


@login_required
def sources(request):
    user = request.user
    _require(user, access.analyst(user) or access.department(user) is not None)
    mine = Source.objects.all() if access.analyst(user) else Source.objects.filter(unit=access.department(user))
    if request.method == "POST":
        _require(user, access.analyst(user))
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ActionRefused("no_file", _("Choose the department's file."))
            source = importing.source_for(request.POST.get("code", ""), name=request.POST.get("name", "").strip(),
                                          unit=Unit.objects.filter(pk=request.POST.get("unit") or 0).first(),
                                          help=request.POST.get("help", ""), fact=request.POST.get("fact", ""))
            mapping = json.loads(request.POST["mapping"]) if request.POST.get("mapping", "").strip() else None
            run, _parsed = importing.upload(actor=user, source=source, name=upload.name, content=upload.read(),
                                            mapping=mapping)
            return redirect("assistance:import", pk=run.pk)
        except json.JSONDecodeError:
            messages.error(request, _("The column mapping is not JSON: write it as {\"heading\": \"field\"}."))
        except (ActionRefused, ValidationError) as exc:
            _flash(request, exc)
    from .models import Fact

    return render(request, "assistance/sources.html", {
        "sources": mine.select_related("unit"),
        "analyst": access.analyst(user), "helps": Help.choices, "facts": Fact.choices, "fields": importing.FIELDS,
        "units": Unit.objects.filter(kind=Unit.Kind.BUREAU, is_active=True),
        "runs": ImportRun.objects.filter(source__in=mine).select_related("source", "by")[:20]})


@login_required
def source_records(request, code):
    user = request.user
    source = get_object_or_404(Source, code=code)
    _require(user, bool(access.analyst(user) or (source.unit_id and access.department(user) == source.unit)))
    qs = access.records(user).filter(source=source).select_related("person", "street").order_by("ended_on", "row")
    if request.GET.get("state") == "ended":
        qs = qs.filter(ended_on__isnull=False)
    elif request.GET.get("state") != "all":
        qs = qs.filter(ended_on__isnull=True)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(request, "assistance/records.html", {"source": source, "page": page, "query": _query(request),
                                                       "params": request.GET})


@login_required
def import_plan(request, pk):
    _require(request.user, access.analyst(request.user))
    run = get_object_or_404(ImportRun.objects.select_related("source"), pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("do") == "apply":
                importing.apply(actor=request.user, run=run, link=False)
                from .tasks import link_and_evaluate

                queued = link_and_evaluate.delay(request.user.pk)
                if settings.CELERY_TASK_ALWAYS_EAGER:  # the embedded default: done already
                    messages.success(request, _("Applied. %(people)d people from %(records)d records; %(review)d pairs "
                                                "wait for review.") % queued.get())
                else:
                    messages.success(request, _("Applied. The records are being joined to people and households and "
                                                "the rules run in the background; the overview shows the result "
                                                "within minutes."))
            else:
                importing.discard(actor=request.user, run=run)
                messages.success(request, _("The file is discarded; nothing changed."))
            return redirect("assistance:sources")
        except (ActionRefused, ValidationError) as exc:
            _flash(request, exc)
    plan = None
    headings = columns = []
    if run.state == ImportRun.PLANNED:
        parsed = importing.reread(run)
        plan = importing.plan(run.source, parsed)
        headings, columns = parsed.headings, parsed.columns
    return render(request, "assistance/import.html", {
        "run": run, "plan": plan, "mapped": [(h, importing.LABELS.get(columns.get(i), columns.get(i, ""))) for i, h in enumerate(headings)
                   if h],
        "problems": run.problems[:500]})


@login_required
def referrals(request):
    _require(request.user)
    page = Paginator(selectors.referral_list(request.user), PAGE).get_page(request.GET.get("page"))
    return render(request, "assistance/referrals.html", {"page": page, "query": ""})


@login_required
@require_POST
def answer_referral(request, pk):
    referral = get_object_or_404(access.referrals(request.user), pk=pk)
    try:
        services.answer_referral(actor=request.user, referral=referral, accepted=request.POST.get("accepted") == "1",
                                 answer=request.POST.get("answer"), amount=_amount(request.POST.get("amount")),
                                 also=request.POST.get("also") == "1")
        messages.success(request, _("The referral is answered."))
    except (ActionRefused, ValidationError) as exc:
        _flash(request, exc)
    return redirect("assistance:referrals")


def _may_edit_rules(user):
    from yiwang.orgs import roles as R

    return access.analyst(user) or R.ADMIN in R.roles_of(user)


@login_required
def rule_list(request):
    _require(request.user, _may_edit_rules(request.user))
    if request.method == "POST" and request.POST.get("do") == "evaluate":
        try:
            raised = services.evaluate(actor=request.user)
            messages.success(request, _("Rules evaluated: %(n)d new warnings.") % {"n": len(raised)})
        except ActionRefused as exc:
            _flash(request, exc)
        return redirect("assistance:rules")
    from .models import PovertyLine

    return render(request, "assistance/rules.html", {"rules": Rule.objects.all(), "lines": PovertyLine.objects.all(),
                                                     "analyst": access.analyst(request.user)})


@login_required
def rule_edit(request, pk=None):
    _require(request.user, _may_edit_rules(request.user))
    rule = get_object_or_404(Rule, pk=pk) if pk else None
    preview = None
    if request.method == "POST" and request.POST.get("do") == "preview":
        try:
            preview = services.preview_rule(actor=request.user, conditions=request.POST.get("conditions", ""))
        except (ActionRefused, ValidationError) as exc:
            _flash(request, exc)
    elif request.method == "POST":
        try:
            services.save_rule(actor=request.user, rule=rule, code=request.POST.get("code", rule.code if rule else ""),
                               name=request.POST.get("name", ""), kind=request.POST.get("kind", ""),
                               conditions=request.POST.get("conditions", ""), help=request.POST.get("help", ""),
                               grade=request.POST.get("grade", ""), active=request.POST.get("active") == "1")
            messages.success(request, _("The rule is saved."))
            return redirect("assistance:rules")
        except (ActionRefused, ValidationError) as exc:
            _flash(request, exc)
    from .rules import FIELDS

    return render(request, "assistance/rule.html", {"rule": rule, "data": request.POST or None, "kinds": Rule.KINDS,
                                                    "preview": preview,
                                                    "helps": Help.choices, "grades": Grade.choices,
                                                    "fields": [(k, v[1]) for k, v in FIELDS.items()]})

