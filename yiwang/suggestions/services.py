"""Every change of a campaign's suggestions: submitted (a public page, the API or the hotline),
grouped with the near-duplicates already in, reviewed and answered, published, rewarded from the
fund, and followed as a key task."""
import hmac
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang import clock, money, texts
from yiwang.errors import ActionRefused, limited, required
from yiwang.insight import duplicates
from yiwang.links import public_url
from yiwang.orgs import roles as R
from yiwang.privacy.masking import clean_phone
from yiwang.tasks import services as tasks
from yiwang.tasks.models import Cadence, Source

from . import workflow
from .models import ADOPTED_STATES, Campaign, Channel, State, Suggestion, SuggestionBand, SuggestionEvent


def _now():
    return clock.now()


def _event(s, action, actor, from_state, note="", data=None, at=None):
    return SuggestionEvent.objects.create(case=s, action=action, actor=actor, actor_unit=R.unit_of(actor),
                                          from_status=from_state, to_status=s.state, note=note, data=data or {},
                                          at=at or _now())


def token(number):
    return signing.Signer(salt="yiwang.suggestions").signature(number)[:20]


def token_matches(number, value):
    return hmac.compare_digest(token(number), value or "")


def follow_url(s, request=None):
    return public_url(reverse("public_suggestions:follow", args=[s.number, token(s.number)]), request)


# ---------------------------------------------------------------- campaigns

def create_campaign(*, actor, code, title, description, starts_on, ends_on, audience=Campaign.Audience.EVERYONE,
                    award_fund=0, rules="", published=True, award_min=None, award_max=None):
    if not (R.roles_of(actor) & workflow.REVIEWERS):
        raise ActionRefused("not_allowed", _("Your role may not run suggestion campaigns."))
    errors = {}
    code = (code or "").strip().lower()
    from django.core.validators import validate_slug

    try:
        validate_slug(code)
    except ValidationError:
        errors["code"] = _("The code takes letters, digits and hyphens only.")
    if code and Campaign.objects.filter(code=code).exists():
        errors["code"] = _("Another campaign has the code %(code)s.") % {"code": code}
    for field, value, what, limit in (("title", title, _("the theme"), 200),
                                      ("description", description, _("what is asked"), None)):
        try:
            required(value, what, limit)
        except ActionRefused as exc:
            errors[field] = exc.message
    if starts_on is None or ends_on is None:
        errors["starts_on"] = _("Give the campaign's dates.")
    elif ends_on < starts_on:
        errors["ends_on"] = _("The campaign ends before it starts.")
    if audience not in Campaign.Audience.values:
        errors["audience"] = _("Choose who is asked.")
    fund = _amount(award_fund, allow_zero=True)
    if fund is None:
        errors["award_fund"] = _("The award fund is an amount in yuan.")
    low = _amount(award_min, allow_zero=True) if award_min not in (None, "") else None
    high = _amount(award_max) if award_max not in (None, "") else None
    if award_min not in (None, "") and low is None or award_max not in (None, "") and high is None:
        errors["award_min"] = _("The range of an award is two amounts in yuan.")
    elif low is not None and high is not None and low > high:
        errors["award_min"] = _("The smallest award is larger than the largest.")
    if errors:
        raise ValidationError(errors)
    return Campaign.objects.create(code=code, title=title.strip(), description=description.strip(), audience=audience,
                                   starts_on=starts_on, ends_on=ends_on, award_fund=fund, rules=(rules or "").strip(),
                                   published=published, created_by=actor, created_at=_now(), award_min=low,
                                   award_max=high)


def _amount(value, allow_zero=False):
    try:
        amount = Decimal(str(value if value not in (None, "") else "0").strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None
    if amount < 0 or (amount == 0 and not allow_zero) or amount >= Decimal("1e10"):
        return None
    return amount


def fund_used(campaign):
    """The awards confirmed and proposed (money promised either way)."""
    return campaign.award_fund - _fund_left(campaign)


# ---------------------------------------------------------------- submitting

def _document(s):
    return duplicates.prepare(s.pk, s.title, s.content, place="")


def submit(*, campaign, title, content, proposer_name, phone="", organisation="", consent_publish=False,
           channel=Channel.WEB, order=None, at=None):
    """A suggestion to an open campaign; field errors are raised together (ValidationError)."""
    now = at or _now()
    errors = {}
    if campaign is None or not campaign.is_open(timezone.localtime(now).date()):
        errors["campaign"] = _("This campaign is not taking suggestions now.")
    for field, value, what, limit in (("title", title, _("the title"), 200),
                                      ("content", content, _("the suggestion"), settings.ORDER_BODY_MAX_CHARS),
                                      ("proposer_name", proposer_name, _("your name"), 50)):
        try:
            required(value, what, limit)
        except ActionRefused as exc:
            errors[field] = exc.message
    try:
        limited(organisation, _("the organisation"), 100)
    except ActionRefused as exc:
        errors["organisation"] = exc.message
    try:
        phone = clean_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages[0]
    if channel not in Channel.values:
        errors["channel"] = _("Unknown channel.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        s = Suggestion.objects.create(campaign=campaign, title=title.strip(), content=content.strip(),
                                      proposer_name=proposer_name.strip(), organisation=(organisation or "").strip(),
                                      phone=phone, channel=channel, order=order, consent_publish=bool(consent_publish),
                                      created_at=now)
        s.give_number(now)
        document = _document(s)
        SuggestionBand.objects.bulk_create([SuggestionBand(suggestion=s, value=b) for b in document.bands])
        s.group = _most_like(s, document)
        s.save(update_fields=["number", "group"])
        _event(s, "submit", None, "", data={"channel": channel}, at=now)
        if phone:
            texts.send(phone, _("[yiwang] Thank you for your suggestion %(number)s. Follow its review and answer "
                                "here: %(url)s") % {"number": s.number, "url": follow_url(s)},
                       f"suggestion:{s.number}:in")
    return s


def _most_like(s, document):
    """The earlier suggestion of the same campaign most like this one, above the duplicate
    threshold (its group's first), or None."""
    if not document.bands:
        return None
    from yiwang.insight.models import Settings as InsightSettings

    candidates = list(Suggestion.objects.filter(campaign=s.campaign, bands__value__in=document.bands)
                      .exclude(pk=s.pk).distinct()[:200])
    threshold = duplicates.Settings(threshold=float(InsightSettings.current().duplicate_threshold))
    ranked = duplicates.ranked(document, [_document(c) for c in candidates], threshold, limit=1)
    if not ranked:
        return None
    best = next(c for c in candidates if c.pk == ranked[0][0].key)
    return best.group or best


def regroup(campaign):
    """Group the whole campaign's near-duplicates afresh (each group under its earliest)."""
    from yiwang.insight.models import Settings as InsightSettings

    items = list(campaign.suggestions.order_by("created_at", "id"))
    documents = [_document(s) for s in items]
    threshold = duplicates.Settings(threshold=float(InsightSettings.current().duplicate_threshold))
    groups = duplicates.groups(documents, threshold)
    first_of = {}
    for members in groups:
        head = items[min(members)]
        for i in members:
            if i != min(members):
                first_of[items[i].pk] = head
    with transaction.atomic():
        for s in items:
            Suggestion.objects.filter(pk=s.pk).update(group=first_of.get(s.pk))
    return groups


def from_order(*, order, campaign, actor):
    """A suggestion taken on the hotline (an order of type 建议) joins a campaign."""
    if not (R.roles_of(actor) & {R.AGENT, R.DISPATCHER}):
        raise ActionRefused("not_allowed", _("Your role may not do this."))
    if order.order_type != "suggestion":
        raise ActionRefused("invalid", _("Only an order of the type suggestion joins a campaign."))
    if Suggestion.objects.filter(order=order).exists():
        raise ActionRefused("exists", _("This order is already a suggestion of a campaign."))
    from yiwang.workorders import services as orders
    from yiwang.workorders import workflow as order_workflow

    with transaction.atomic():
        try:
            s = submit(campaign=campaign, title=order.title, content=order.body,
                       proposer_name=order.caller_name or _("hotline caller"), phone=order.caller_phone,
                       consent_publish=False, channel=Channel.HOTLINE, order=order)
        except ValidationError as exc:
            raise ActionRefused("invalid", "；".join(m for ms in exc.message_dict.values() for m in ms)) from None
        # Waiting for dispatch, the order is closed with the suggestion's number: the campaign answers
        # it from here on, and the dispatch clock stops (an order already with a unit stays there).
        order.refresh_from_db()
        if order_workflow.refusal("to_campaign", order, actor) is None:
            orders.to_campaign(order=order, actor=actor, version=order.version, answer=_(
                "Your suggestion is in the campaign “%(campaign)s” as %(number)s; the answer will reach you "
                "there, and you can follow it with the number and your phone.") % {
                "campaign": campaign.title, "number": s.number})
    return s


# ---------------------------------------------------------------- reviewing

def _acting(code, s, actor, version):
    return workflow.TABLE.acting(
        Suggestion.objects, s, code, actor, version, now=_now(),
        stale=_("This suggestion was changed by someone else while you were looking at it. "
                "Reload the page to see the change, then try again."),
        record=lambda locked, step: _event(locked, code, actor, step.from_state, step.note, step.data, at=step.now))


def review(*, suggestion, actor, decision, reason, answer, version):
    """采纳 / 部分采纳 / 未采纳, each with its reason, and the answer the proposer reads."""
    if decision not in (State.ADOPTED, State.PARTLY, State.NOT_ADOPTED):
        raise ActionRefused("invalid", _("Choose adopted, partly adopted or not adopted."))
    with _acting("review", suggestion, actor, version) as step:
        s = step.case
        s.state = decision
        s.reason = required(reason, _("the reason"))
        s.answer = step.note = required(answer, _("the answer to the proposer"))
        s.reviewed_by, s.reviewed_at = actor, step.now
        step.data = {"decision": decision}
    if suggestion.phone:
        texts.send(suggestion.phone, _("[yiwang] Your suggestion %(number)s has been answered: %(url)s")
                   % {"number": suggestion.number, "url": follow_url(suggestion)}, f"suggestion:{suggestion.number}:ans")


def publish(*, suggestion, actor, version):
    with _acting("publish", suggestion, actor, version) as step:
        step.case.published_at = step.now


def _award_amount(value, campaign, allow_zero=False):
    """An award typed as people type it: a number of yuan with at most two decimals (never rounded
    without a word), within the campaign's range."""
    text = str(value if value is not None else "").replace(",", "").strip()
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ActionRefused("invalid", _("“%(v)s” is not an amount of yuan.") % {"v": value}) from None
    if amount != amount.quantize(Decimal("0.01")):
        raise ActionRefused("invalid", _("An amount of yuan has at most two decimals: %(v)s.") % {"v": text})
    if amount == 0 and allow_zero:
        return amount
    if amount <= 0:
        raise ActionRefused("invalid", _("The award is an amount of yuan above zero."))
    low, high = campaign.award_min, campaign.award_max
    if (low is not None and amount < low) or (high is not None and amount > high):
        raise ActionRefused("out_of_range", _("The campaign's rules give awards of %(low)s to %(high)s.") % {
            "low": money.words(low) if low is not None else "0", "high": money.words(high) if high is not None else "—"})
    return amount


def _fund_left(campaign, leaving_out=None):
    """The fund less the awards confirmed and those proposed (the one corrected left out)."""
    qs = campaign.suggestions.exclude(pk=getattr(leaving_out, "pk", None))
    used = (qs.aggregate(n=Sum("award"))["n"] or Decimal("0")) + (
        qs.aggregate(n=Sum("award_proposed"))["n"] or Decimal("0"))
    return campaign.award_fund - used


def award(*, suggestion, actor, amount, version):
    """A reviewer proposes the award, within the rules' range and what the fund has left; a second
    reviewer confirms it."""
    with _acting("award", suggestion, actor, version) as step:
        campaign = Campaign.objects.select_for_update().get(pk=step.case.campaign_id)
        value = _award_amount(amount, campaign)
        left = _fund_left(campaign)
        if value > left:
            raise ActionRefused("over_fund", _("The fund has %(left)s left; the award of %(n)s would overdraw it.")
                                % {"left": money.words(left), "n": money.words(value)})
        step.case.award_proposed = value
        step.data = {"award": str(value)}


def correct_award(*, suggestion, actor, amount, reason, version):
    """A confirmed award corrected (0 takes it back), with the reason in the history; a second
    reviewer confirms the correction."""
    with _acting("correct_award", suggestion, actor, version) as step:
        campaign = Campaign.objects.select_for_update().get(pk=step.case.campaign_id)
        value = _award_amount(amount, campaign, allow_zero=True)
        if value == step.case.award:
            raise ActionRefused("invalid", _("The award is %(n)s already.") % {"n": money.words(value)})
        if value > _fund_left(campaign, leaving_out=step.case):
            raise ActionRefused("over_fund", _("The fund cannot pay %(n)s.") % {"n": money.words(value)})
        step.case.award_proposed = value
        step.case.award_reason = step.note = required(reason, _("why the award is corrected"))
        step.data = {"from": str(step.case.award), "to": str(value)}


def confirm_award(*, suggestion, actor, version):
    with _acting("confirm_award", suggestion, actor, version) as step:
        s = step.case
        before, s.award = s.award, s.award_proposed or None
        s.award_proposed, s.awarded_at = None, step.now
        step.data = {"award": str(s.award) if s.award is not None else None,
                     "from": str(before) if before is not None else None}


def return_award(*, suggestion, actor, reason, version):
    with _acting("return_award", suggestion, actor, version) as step:
        step.note = required(reason, _("why the proposed award is sent back"))
        step.data = {"proposed": str(step.case.award_proposed)}
        step.case.award_proposed = None


def follow_up(*, suggestion, actor, lead_unit, deadline, co_units=(), version):
    """An adopted suggestion is followed as a key task to its result."""
    with _acting("follow_up", suggestion, actor, version) as step:
        s = step.case
        try:
            task = tasks.create(actor=actor, source=Source.SUGGESTION, title=s.title[:200],
                                requirement=_("Carry out the adopted suggestion %(number)s: %(text)s")
                                % {"number": s.number, "text": s.answer or s.content},
                                lead_unit=lead_unit, co_units=co_units, deadline=deadline, cadence=Cadence.MONTHLY,
                                assign=True)
        except ValidationError as exc:
            raise ActionRefused("invalid", "；".join(m for ms in exc.message_dict.values() for m in ms)) from None
        s.task = task
        step.data = {"task": task.number}


def adopted_published(campaign):
    return campaign.suggestions.filter(state__in=ADOPTED_STATES, published_at__isnull=False)
