"""Every change of policies and their delivery: documents and articles (conditions checked when
saved), claims from application to payment, 免申即享 runs confirmed by a reviewer, the public
notice's objections, and the public sessions' questions, answers and ratings. The payout ledger
never pays one article twice to one enterprise for one year."""
import datetime as dt
import os
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang import clock
from yiwang.calendar import services as calendar
from yiwang.documents import uploads
from yiwang.errors import ActionRefused, limited, required
from yiwang.orgs import roles as R

from yiwang import money
from yiwang.audit.services import record

from . import conditions, workflow
from .models import (Article, Budget, Claim, ClaimEvent, ClaimFile, ExemptRun, Objection, PolicyDocument, Question,
                     Session)

EDITORS = {R.SUPERVISOR}


def _now():
    return clock.now()


def _today():
    return timezone.localtime(_now()).date()


def _money(value, field, errors, what, allow_none=False):
    if value in (None, ""):
        if not allow_none:
            errors[field] = _("Give %(what)s.") % {"what": what}
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors[field] = _("%(what)s is an amount in yuan: %(v)s") % {"what": what, "v": value}
        return None
    if amount < 0 or amount >= Decimal("1e10"):
        errors[field] = _("%(what)s must be between 0 and 10^10 yuan.") % {"what": what}
        return None
    return amount


def _require_editor(actor):
    if not (R.roles_of(actor) & EDITORS):
        raise ActionRefused("not_allowed", _("Your role may not edit policies."))


def create_document(*, actor, number, title, issuing_unit, valid_from, valid_to, state=PolicyDocument.State.ISSUED,
                    summary=""):
    _require_editor(actor)
    errors = {}
    for field, value, what, limit in (("number", number, _("the document number"), 60),
                                      ("title", title, _("the title"), 200)):
        try:
            required(value, what, limit)
        except ActionRefused as exc:
            errors[field] = exc.message
    if number and PolicyDocument.objects.filter(number=number.strip()).exists():
        errors["number"] = _("%(n)s is already registered.") % {"n": number.strip()}
    if issuing_unit is None:
        errors["issuing_unit"] = _("Choose the issuing unit.")
    if valid_from is None or valid_to is None:
        errors["valid_from"] = _("Give the period of validity.")
    elif valid_to < valid_from:
        errors["valid_to"] = _("The policy ends before it starts.")
    if state not in PolicyDocument.State.values:
        errors["state"] = _("Choose the state.")
    if errors:
        raise ValidationError(errors)
    return PolicyDocument.objects.create(number=number.strip(), title=title.strip(), issuing_unit=issuing_unit,
                                         valid_from=valid_from, valid_to=valid_to, state=state,
                                         summary=(summary or "").strip(), created_by=actor, created_at=_now())


def save_article(*, actor, document, seq, title, content, conditions_text="", amount=None, formula="", cap=None,
                 mode=Article.Mode.APPLY, materials="", notice_days=5, article=None):
    """An article with its conditions and amount, checked before anything is saved."""
    _require_editor(actor)
    errors = {}
    for field, value, what, limit in (("title", title, _("the title"), 200), ("content", content, _("the content"),
                                                                                  None)):
        try:
            required(value, what, limit)
        except ActionRefused as exc:
            errors[field] = exc.message
    try:
        seq = int(seq)
        if not 1 <= seq <= 999:
            raise ValueError
    except (TypeError, ValueError):
        errors["seq"] = _("The article number is a whole number from 1 to 999.")
        seq = None
    if seq and Article.objects.filter(document=document, seq=seq).exclude(pk=getattr(article, "pk", None)).exists():
        errors["seq"] = _("Article %(n)s exists already.") % {"n": seq}
    for check in (lambda: conditions.check(conditions_text), lambda: conditions.check_formula(formula)):
        try:
            check()
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                errors[key] = "；".join(messages)
    cap = _money(cap, "cap", errors, _("the cap"))
    amount = _money(amount, "amount", errors, _("the amount"), allow_none=True)
    if amount is None and not (formula or "").strip() and "amount" not in errors:
        errors["amount"] = _("Give a fixed amount or a formula.")
    if amount is not None and cap is not None and amount > cap:
        errors["amount"] = _("The amount is above the cap.")
    if mode not in Article.Mode.values:
        errors["mode"] = _("Choose how the article is delivered.")
    try:
        notice_days = int(notice_days)
        if not 0 <= notice_days <= 60:
            raise ValueError
    except (TypeError, ValueError):
        errors["notice_days"] = _("The public notice lasts 0 to 60 days.")
    if errors:
        raise ValidationError(errors)
    article = article or Article(document=document)
    for name, value in (("seq", seq), ("title", title.strip()), ("content", content.strip()),
                        ("conditions", "\n".join(conditions.clauses(conditions_text))), ("amount", amount),
                        ("formula", (formula or "").strip()), ("cap", cap), ("mode", mode),
                        ("materials", (materials or "").strip()), ("notice_days", notice_days)):
        setattr(article, name, value)
    article.save()
    return article


# ---------------------------------------------------------------- claims

def _event(claim, action, actor, from_state, note="", data=None, at=None):
    return ClaimEvent.objects.create(case=claim, action=action, actor=actor, actor_unit=R.unit_of(actor),
                                     from_status=from_state, to_status=claim.state, note=note, data=data or {},
                                     at=at or _now())


def eligibility(article, enterprise):
    """(eligible, reasons, amount) of an enterprise for an article now."""
    values = conditions.facts(enterprise, _today())
    ok, reasons = conditions.evaluate(article.conditions, values)
    return ok, reasons, conditions.amount(article, values)


def submit_claim(*, actor, enterprise, article, requested, statement="", files=(), channel=Claim.Channel.PORTAL,
                 year=None):
    """申报: an enterprise (or its butler) asks for an article's benefit for this year."""
    year = year or _today().year
    if not article.document.in_force(_today()):
        raise ActionRefused("not_in_force", _("This policy is not in force."))
    if article.mode != Article.Mode.APPLY:
        raise ActionRefused("exempt", _("This article is granted without applying (免申即享)."))
    ok, reasons, _amount = eligibility(article, enterprise)
    if not ok:
        raise ActionRefused("not_eligible", _("The enterprise does not qualify: %(reasons)s.") % {
            "reasons": "；".join(reasons)})
    errors = {}
    requested = _money(requested, "requested", errors, _("the amount asked"))
    if requested is not None and (requested <= 0 or requested > article.cap):
        errors["requested"] = _("The amount asked must be above 0 and at most the cap of %(cap)s yuan.") % {
            "cap": article.cap}
    try:
        statement = limited(statement, _("the statement"))
    except ActionRefused as exc:
        errors["statement"] = exc.message
    files = list(files or ())
    if errors:
        raise ValidationError(errors)
    if files:
        uploads.check_all(files, allowed=settings.ATTACHMENT_EXTENSIONS, max_bytes=settings.ATTACHMENT_MAX_BYTES)
    now = _now()
    try:
        with transaction.atomic():
            claim = Claim.objects.create(enterprise=enterprise, article=article, year=year, channel=channel,
                                         requested=requested, statement=statement, created_by=actor, created_at=now)
            claim.give_number(now)
            claim.save(update_fields=["number"])
            for f in files:
                ClaimFile.objects.create(claim=claim, file=f, name=os.path.basename(f.name)[:200], size=f.size,
                                         uploaded_at=now)
            _event(claim, "submit", actor, "", data={"channel": channel, "requested": str(requested)}, at=now)
    except IntegrityError:
        raise ActionRefused("duplicate", _("%(name)s already has a claim on this article for %(year)s.") % {
            "name": enterprise.name, "year": year}) from None
    return claim


def _acting(code, claim, actor, version):
    return workflow.TABLE.acting(
        Claim.objects.select_related("article__document"), claim, code, actor, version, now=_now(),
        stale=_("This claim was changed by someone else while you were looking at it. "
                "Reload the page to see the change, then try again."),
        record=lambda locked, step: _event(locked, code, actor, step.from_state, step.note, step.data, at=step.now))


def approve(*, claim, actor, amount, note="", version):
    """审核: the issuing unit proposes the amount granted (above 0, at most the cap and what was
    asked); a second person confirms it."""
    errors = {}
    value = _money(amount, "amount", errors, _("the amount granted"))
    if errors:
        raise ActionRefused("invalid", errors["amount"])
    with _acting("approve", claim, actor, version) as step:
        c = step.case
        if value <= 0 or value > c.article.cap:
            raise ActionRefused("over_cap", _("The amount must be above 0 and at most the cap of %(cap)s.")
                                % {"cap": money.words(c.article.cap)})
        if value > c.requested:
            raise ActionRefused("over_asked", _("The amount granted cannot exceed the amount asked (%(asked)s).")
                                % {"asked": money.words(c.requested)})
        c.amount = value
        step.note = limited(note, _("the note"))
        step.data = {"amount": str(value)}


def confirm_approval(*, claim, actor, note="", version):
    """复核: a second person of the issuing unit confirms the amount, within the policy's budget for
    the year; then the public notice for the article's days."""
    with _acting("confirm_approval", claim, actor, version) as step:
        c = step.case
        _within_budget(c.article.document, c.year, c.amount)
        c.notice_until = timezone.localtime(step.now).date() + dt.timedelta(days=c.article.notice_days)
        if c.article.notice_days == 0:
            c.notice_until = None
            c.state = Claim.State.READY
        step.note = limited(note, _("the note"))
        step.data = {"amount": str(c.amount), "notice_until": c.notice_until.isoformat() if c.notice_until else None}


def return_review(*, claim, actor, reason, version):
    with _acting("return_review", claim, actor, version) as step:
        step.note = required(reason, _("why the review is sent back"))
        step.case.amount = None


def reject(*, claim, actor, reason, version):
    with _acting("reject", claim, actor, version) as step:
        step.case.reason = step.note = required(reason, _("why it is not granted"))


def object_to(*, claim, text, name=""):
    """An objection made on the public notice, by anyone."""
    if claim.state != Claim.State.NOTICE or (claim.notice_until and _today() > claim.notice_until):
        raise ActionRefused("closed", _("This claim is not on public notice."))
    text = required(text, _("the objection"), 2000)
    with transaction.atomic():
        objection = Objection.objects.create(claim=claim, text=text, name=limited(name, _("your name"), 50),
                                             at=_now())
        _event(claim, "object", None, claim.state, note=text)
    return objection


def decide_objection(*, claim, actor, objection, uphold, note, version):
    with _acting("decide_objection", claim, actor, version) as step:
        o = step.case.objections.filter(pk=getattr(objection, "pk", objection), state=Objection.State.OPEN).first()
        if o is None:
            raise ActionRefused("invalid", _("Choose an objection that is not decided yet."))
        o.note = step.note = required(note, _("the decision"))
        o.state = Objection.State.UPHELD if uphold else Objection.State.DISMISSED
        o.decided_by = actor
        o.save(update_fields=["note", "state", "decided_by"])
        if uphold:
            step.case.state = Claim.State.REJECTED
            step.case.reason = _("Objection upheld: %(note)s") % {"note": o.note}
        step.data = {"upheld": bool(uphold)}


def pay(*, claim, actor, voucher, paid_on=None, version):
    """拨付: the issuing unit records the payment made (its voucher and the day on it, never later than
    today), once the notice is over with no objection open; a second person confirms it."""
    paid_on = paid_on or _today()
    if paid_on > _today():
        raise ActionRefused("invalid", _("A payment is recorded on the day it was made, not before: %(day)s is "
                                         "still to come.") % {"day": paid_on.isoformat()})
    with _acting("pay", claim, actor, version) as step:
        c = step.case
        if c.amount is None:
            raise ActionRefused("invalid", _("No amount was granted."))
        if paid_on < timezone.localtime(c.created_at).date():
            raise ActionRefused("invalid", _("The payment cannot be dated before the claim (%(day)s).") % {
                "day": timezone.localtime(c.created_at).date().isoformat()})
        c.voucher = required(voucher, _("the payment voucher"), 60)
        c.paid_on = paid_on
        step.data = {"amount": str(c.amount), "voucher": c.voucher, "paid_on": paid_on.isoformat()}


def confirm_payment(*, claim, actor, version):
    """The second person confirms the payment; the ledger holds it, and never twice."""
    with _acting("confirm_payment", claim, actor, version) as step:
        c = step.case
        if Claim.objects.filter(article=c.article, enterprise=c.enterprise, year=c.year,
                                state=Claim.State.PAID).exclude(pk=c.pk).exists():
            raise ActionRefused("paid_twice", _("%(name)s was already paid under this article for %(year)s.")
                                % {"name": c.enterprise.name, "year": c.year})
        c.paid_at = step.now
        step.data = {"amount": str(c.amount), "voucher": c.voucher, "paid_on": c.paid_on.isoformat()}


def return_payment(*, claim, actor, reason, version):
    with _acting("return_payment", claim, actor, version) as step:
        step.note = required(reason, _("why the payment is sent back"))
        step.case.voucher, step.case.paid_on = "", None


# ---------------------------------------------------------------- budgets

COMMITTED = (Claim.State.NOTICE, Claim.State.READY, Claim.State.PAYING, Claim.State.PAID)


def committed(document, year):
    """What grants of the policy's articles have committed for the year (yuan)."""
    return Claim.objects.filter(article__document=document, year=year, state__in=COMMITTED).aggregate(
        n=Sum("amount"))["n"] or Decimal("0")


def _within_budget(document, year, more):
    budget = Budget.objects.filter(document=document, year=year).first()
    if budget is None:
        raise ActionRefused("no_budget", _("%(policy)s has no budget for %(year)s: the office sets it first.") % {
            "policy": document.number, "year": year})
    used = committed(document, year)
    if used + more > budget.amount:
        raise ActionRefused("over_budget", _("This would exceed the budget of %(policy)s for %(year)s: %(budget)s, of "
                                             "which %(used)s is committed and %(left)s left.") % {
            "policy": document.number, "year": year, "budget": money.words(budget.amount), "used": money.words(used),
            "left": money.words(budget.amount - used)})


def set_budget(*, actor, document, year, amount):
    """The office sets (or changes) a policy's budget for a year; never below what is committed."""
    _require_editor(actor)
    errors = {}
    value = _money(amount, "amount", errors, _("the budget"))
    if errors:
        raise ValidationError(errors)
    try:
        year = int(year)
        if not 2000 <= year <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Give the year.")}) from None
    used = committed(document, year)
    if value < used:
        raise ValidationError({"amount": _("%(used)s is committed already: the budget cannot be less.") % {
            "used": money.words(used)}})
    budget, _made = Budget.objects.update_or_create(document=document, year=year, defaults={
        "amount": value, "set_by": actor, "set_at": _now()})
    record("policy.budget", actor=actor, target=f"policy:{document.number}", detail={"year": year, "amount": str(value)})
    return budget


# ---------------------------------------------------------------- 免申即享

def _issuer_or_office(actor, article, what):
    unit = R.unit_of(actor)
    if R.roles_of(actor) & EDITORS:
        return
    if R.roles_of(actor) & R.UNIT_ROLES and unit is not None and unit.pk == article.document.issuing_unit_id:
        return
    raise ActionRefused("not_allowed", _("Only the issuing unit of %(policy)s or the enterprise-service office may "
                                         "%(what)s.") % {"policy": article.document.number, "what": what})


def start_run(*, actor, article, year=None):
    """The enterprises the data shows eligible, for a second person to confirm; those that already
    have a claim this year are listed apart, never granted twice, and those left out by an earlier
    run are marked so."""
    from .selectors import eligible

    _issuer_or_office(actor, article, _("run 免申即享"))
    if article.mode != Article.Mode.EXEMPT:
        raise ActionRefused("invalid", _("This article is applied for (申报兑现), not granted without applying."))
    if not article.document.in_force(_today()):
        raise ActionRefused("not_in_force", _("This policy is not in force."))
    year = year or _today().year
    claimed = set(Claim.objects.filter(article=article, year=year).exclude(state=Claim.State.REJECTED)
                  .values_list("enterprise_id", flat=True))
    left_out = {e for run in ExemptRun.objects.filter(article=article, year=year, state=ExemptRun.State.CONFIRMED)
                for e in run.excluded}
    items, skipped = [], []
    for enterprise, value in eligible(article):
        row = {"enterprise": enterprise.pk, "name": enterprise.name, "credit_code": enterprise.credit_code,
               "amount": str(value) if value is not None else None}
        if enterprise.pk in claimed:
            skipped.append({**row, "why": "claimed"})
        elif value is None or value <= 0:
            skipped.append({**row, "why": "no_amount"})
        else:
            items.append({**row, "left_out_before": enterprise.pk in left_out})
    return ExemptRun.objects.create(article=article, year=year, items=items, skipped=skipped, created_by=actor,
                                    created_at=_now())


def confirm_run(*, run, actor, excluded=()):
    """A second person of the issuing unit (or the office) confirms the list, less any excluded,
    within the policy's budget for the year: each enterprise is granted, to be paid."""
    from yiwang.enterprises.models import Enterprise

    _issuer_or_office(actor, run.article, _("confirm a 免申即享 run"))
    with transaction.atomic():
        run = ExemptRun.objects.select_for_update().get(pk=run.pk)
        if run.state != ExemptRun.State.DRAFT:
            raise ActionRefused("done", _("This run is already confirmed."))
        if run.created_by_id == actor.pk:
            raise ActionRefused("not_allowed", _("You started this run: a second person of the unit confirms it."))
        excluded = {int(e) for e in excluded}
        chosen = [item for item in run.items if item["enterprise"] not in excluded]
        _within_budget(run.article.document, run.year, sum(Decimal(item["amount"]) for item in chosen))
        now, granted = _now(), []
        for item in chosen:
            enterprise = Enterprise.objects.get(pk=item["enterprise"])
            try:
                with transaction.atomic():
                    claim = Claim.objects.create(
                        enterprise=enterprise, article=run.article, year=run.year, channel=Claim.Channel.EXEMPT,
                        state=Claim.State.READY, requested=Decimal(item["amount"]), amount=Decimal(item["amount"]),
                        run=run, created_by=actor, created_at=now)
                    claim.give_number(now)
                    claim.save(update_fields=["number"])
                    _event(claim, "grant", actor, "", data={"run": run.pk, "amount": item["amount"],
                                                             "started_by": run.created_by_id}, at=now)
            except IntegrityError:
                run.skipped.append({**item, "why": "claimed"})  # claimed since the run was made
                continue
            granted.append(claim)
        run.excluded = sorted(excluded & {item["enterprise"] for item in run.items})
        run.state, run.confirmed_by, run.confirmed_at = ExemptRun.State.CONFIRMED, actor, now
        run.save()
    return granted


# ---------------------------------------------------------------- 阳光答辩 / 阳光质询

def create_session(*, actor, document, kind, title, held_on, open_until, answer_workdays=5):
    _require_editor(actor)
    errors = {}
    if kind not in Session.Kind.values:
        errors["kind"] = _("Choose 阳光答辩 or 阳光质询.")
    elif kind == Session.Kind.HEARING and document.state != PolicyDocument.State.DRAFT:
        errors["kind"] = _("阳光答辩 is held on a draft, before the policy is issued.")
    elif kind == Session.Kind.INQUIRY and document.state != PolicyDocument.State.ISSUED:
        errors["kind"] = _("阳光质询 is held on an issued policy.")
    try:
        required(title, _("the title"), 200)
    except ActionRefused as exc:
        errors["title"] = exc.message
    if held_on is None or open_until is None or open_until < held_on:
        errors["open_until"] = _("Give the day of the session and the last day for questions, not before it.")
    if errors:
        raise ValidationError(errors)
    return Session.objects.create(document=document, kind=kind, title=title.strip(), held_on=held_on,
                                  open_until=open_until, answer_workdays=answer_workdays)


def ask(*, session, enterprise, text):
    if _today() > session.open_until:
        raise ActionRefused("closed", _("This session no longer takes questions."))
    text = required(text, _("the question"), 2000)
    due = calendar.load().deadline(_now(), session.answer_workdays)
    return Question.objects.create(session=session, enterprise=enterprise, text=text, asked_at=_now(),
                                   unit=session.document.issuing_unit, answer_due=due)


def answer(*, question, actor, text):
    unit = R.unit_of(actor)
    if not (R.roles_of(actor) & EDITORS or (R.roles_of(actor) & R.UNIT_ROLES and unit and unit.pk == question.unit_id)):
        raise ActionRefused("not_allowed", _("Only the responsible unit answers."))
    if question.answered_at:
        raise ActionRefused("done", _("The question is answered already."))
    question.answer = required(text, _("the answer"))
    question.answered_at, question.answered_by = _now(), actor
    question.save(update_fields=["answer", "answered_at", "answered_by"])
    return question


def rate_answer(*, question, enterprise, rating, delivered=None):
    """The questioner rates the answer and, after the policy is issued, says whether it was delivered."""
    if question.enterprise_id != enterprise.pk:
        raise ActionRefused("not_allowed", _("Only the enterprise that asked rates the answer."))
    if not question.answered_at:
        raise ActionRefused("not_yet", _("The question is not answered yet."))
    if rating not in Question.Rating.values:
        raise ActionRefused("invalid", _("Choose satisfied, basically satisfied or unsatisfied."))
    question.rating = rating
    question.delivered = delivered if question.session.kind == Session.Kind.INQUIRY else None
    question.save(update_fields=["rating", "delivered"])
    return question
