"""Every write of the data centre: rules, the evaluation that raises warnings (each a visit task
for its street in the key-task loop), a visit's outcome, a referral's answer, help given, and a
person's decision on a pair of records."""
import collections
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yiwang.calendar import services as calendar
from yiwang.audit.services import record as audit
from yiwang.bulk import update_many
from yiwang.errors import ActionRefused
from yiwang.orgs.models import Unit

from . import access, rules
from .models import (Alert, Grade, Grant, Help, LinkDecision, Person, Record, Referral, ReviewPair, Rule, Settings)

GRADE_WORDS = {Grade.RED: "红色", Grade.ORANGE: "橙色", Grade.YELLOW: "黄色"}


def _require_analyst(actor):
    if not access.analyst(actor):
        raise ActionRefused("not_allowed", _("Only the assistance centre may do this."))


def ensure_rules():
    """The default rules, for a district that has none yet (never overwrites an edited one)."""
    for code, name, kind, help, grade, conditions in rules.DEFAULTS:
        Rule.objects.get_or_create(code=code, defaults={"name": name, "kind": kind, "help": help, "grade": grade,
                                                        "conditions": conditions})


def _require_rule_editor(actor):
    from yiwang.orgs import roles as R

    if not (access.analyst(actor) or R.ADMIN in R.roles_of(actor)):
        raise ActionRefused("not_allowed", _("Only the assistance centre and the system administrator edit rules."))


def _living_with_facts(today, batch):
    """The living people in batches, each batch with its facts (one set of queries per batch)."""
    pks = list(Person.objects.filter(deceased_on__isnull=True).order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(pks), batch):
        people = list(Person.objects.filter(pk__in=pks[i:i + batch]).select_related("household"))
        yield people, rules.Facts(people, today)


def save_rule(*, actor, rule=None, code, name, kind, conditions, help="", grade="", active=True):
    _require_rule_editor(actor)
    errors = {}
    if not (code or "").strip():
        errors["code"] = _("Give the rule a code.")
    if not (name or "").strip():
        errors["name"] = _("Give the rule a name.")
    if kind not in (Rule.ELIGIBILITY, Rule.WARNING):
        errors["kind"] = _("Choose whether the rule is about eligibility or a warning.")
    elif kind == Rule.ELIGIBILITY and help not in Help.values:
        errors["help"] = _("Choose the help the rule qualifies for.")
    elif kind == Rule.WARNING and grade not in Grade.values:
        errors["grade"] = _("Choose the warning's grade.")
    try:
        rules.check(conditions)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    rule = rule or Rule(code=code.strip()[:32])
    rule.name, rule.kind, rule.conditions, rule.active = name.strip()[:60], kind, conditions.strip(), active
    rule.help = help if kind == Rule.ELIGIBILITY else ""
    rule.grade = grade if kind == Rule.WARNING else ""
    rule.save()
    audit("assistance.rule", actor=actor, target=f"assistance-rule:{rule.code}", detail={"conditions": rule.conditions})
    return rule


def _due(grade, now):
    return calendar.load().deadline(now, Settings.current().workdays(grade))


def evaluate(*, actor, today=None, now=None, batch=2000):
    """Every person against every active rule: their layer, the help they qualify for, and a warning
    (with its visit task) for each warning rule met where none is open for that rule and household."""
    _require_analyst(actor)
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    settings = Settings.current()
    active = list(Rule.objects.filter(active=True))
    open_alerts = set(Alert.objects.exclude(state=Alert.State.CLOSED).values_list("rule_id", "household_id",
                                                                                 "person_id"))
    open_keys = {(r, h or f"p{p}") for r, h, p in open_alerts}
    raised, changed_people = [], 0
    for people, facts in _living_with_facts(today, batch):
        updates = []
        for person in people:
            values = facts.of(person.pk)
            qualifies = sorted({r.help for r in active if r.kind == Rule.ELIGIBILITY
                                and rules.evaluate(r.conditions, values)[0]})
            missing = [k for k in qualifies if k not in values["receives"]]
            want = (rules.layer(values, settings.rigid_share), list(values["receives"]), qualifies, missing,
                    bool(missing))
            if (person.layer, person.receives, person.qualifies, person.missing, person.unhelped) != want:
                person.layer, person.receives, person.qualifies, person.missing, person.unhelped = want
                updates.append(person)
            for rule in (r for r in active if r.kind == Rule.WARNING):
                key = (rule.pk, person.household_id or f"p{person.pk}")
                if key in open_keys:
                    continue
                holds, reasons = rules.evaluate(rule.conditions, values)
                if holds:
                    open_keys.add(key)
                    raised.append(_raise(rule, person, reasons, facts, actor, now))
        update_many(Person, updates, ["layer", "receives", "qualifies", "missing", "unhelped"],
                                   batch_size=1000)
        changed_people += len(updates)
    _household_layers()
    audit("assistance.evaluate", actor=actor, target="assistance", detail={"raised": len(raised),
                                                                           "people": changed_people})
    return raised


def preview_rule(*, actor, conditions, today=None, batch=2000):
    """How many living people a condition holds for now, in all and by street, before the rule is
    saved: an administrator sees what a change will do. Counts only (no names)."""
    _require_rule_editor(actor)
    rules.check(conditions)
    holds, checked, streets = 0, 0, collections.Counter()
    for people, facts in _living_with_facts(today or timezone.localdate(), batch):
        checked += len(people)
        for person in people:
            if rules.evaluate(conditions, facts.of(person.pk))[0]:
                holds += 1
                streets[person.street_id] += 1
    names = dict(Unit.objects.filter(pk__in=[s for s in streets if s]).values_list("pk", "name"))
    return {"people": holds, "checked": checked,
            "streets": sorted(((names.get(s, _("No street")), n) for s, n in streets.items()), key=lambda x: -x[1])}


def _household_layers():
    order = ["tekun", "dibao", "monitored", "edge", "rigid", "other"]
    best = {}
    for hh, layer in Person.objects.filter(household__isnull=False).exclude(layer="").values_list("household_id",
                                                                                                  "layer"):
        if hh not in best or order.index(layer) < order.index(best[hh]):
            best[hh] = layer
    from .models import Household

    changed = []
    for hh in Household.objects.only("pk", "layer"):
        if hh.layer != best.get(hh.pk, ""):
            hh.layer = best.get(hh.pk, "")
            changed.append(hh)
    update_many(Household, changed, ["layer"])


def _raise(rule, person, reasons, facts, actor, now):
    from yiwang.tasks import services as tasks
    from yiwang.tasks.models import Cadence, Source as TaskSource

    household = person.household
    street = (household.street if household and household.street_id else None) or person.street
    community = (household.community if household and household.community_id else None) or person.community
    group = facts.members.get(person.household_id, [person.pk]) if person.household_id else [person.pk]
    behind = [{"source": r.source_id, "record": r.pk} for m in group for r in facts.records[m][:5]]
    due = _due(rule.grade, now)
    with transaction.atomic():
        alert = Alert.objects.create(rule=rule, grade=rule.grade, person=person, household=household, street=street,
                                     community=community, reasons=reasons, records=behind[:40], raised_at=now,
                                     due_at=due)
        alert.number = f"YJ{timezone.localtime(now):%Y%m%d}{alert.pk:06d}"
        if street is not None and street.is_active:
            who = person.name + (_("'s household") if household else "")
            task = tasks.create(
                actor=actor, source=TaskSource.ASSISTANCE, assign=True, lead_unit=street,
                co_units=[community] if community is not None and community.is_active else [],
                title=_("%(grade)s warning: %(rule)s · %(who)s") % {"grade": GRADE_WORDS[rule.grade], "rule": rule.name,
                                                                   "who": who},
                requirement=_("Visit and confirm (warning %(number)s): %(reasons)s") % {
                    "number": alert.number, "reasons": "；".join(reasons)},
                deadline=timezone.localtime(due).date(), cadence=Cadence.NONE, at=now, external_ref=alert.number)
            alert.task = task
        alert.save()
    return alert


def record_visit(*, actor, alert, found, outcome, help="", amount=None, to_unit=None, note="", also=False):
    """The street's visit: what it found and the outcome. Help given records the grant (refused when
    the person already receives that help, unless `also`: a second grant for the same need is seen
    before it is made); a referral reaches the department's inbox; not needed says why."""
    if not access.may_visit(actor, alert):
        raise ActionRefused("not_allowed", _("Only the warning's street or community records its visit."))
    found = (found or "").strip()
    note = (note or "").strip()
    errors = {}
    if len(found) < 4:
        errors["found"] = _("Say what the visit found.")
    if outcome not in Alert.Outcome.values:
        errors["outcome"] = _("Choose the outcome of the visit.")
    elif outcome in (Alert.Outcome.HELPED, Alert.Outcome.REFERRED) and help not in Help.values:
        errors["help"] = _("Choose the kind of help.")
    elif outcome == Alert.Outcome.REFERRED and to_unit is None:
        errors["to_unit"] = _("Choose the department the household is referred to.")
    elif outcome == Alert.Outcome.NOT_NEEDED and len(note) < 4:
        errors["note"] = _("Say why no help is needed.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        if alert.state != Alert.State.OPEN:
            raise ActionRefused("not_open", _("This warning's visit is already recorded."))
        alert.visited_at, alert.visited_by, alert.found = now, actor, found
        alert.outcome, alert.outcome_note = outcome, note
        alert.on_time = now <= alert.due_at
        if outcome == Alert.Outcome.HELPED:
            unit = to_unit or _unit_of(actor)
            add_grant(actor=actor, person=alert.person, help=help, amount=amount, unit=unit, alert=alert, note=note,
                      also=also)
        if outcome == Alert.Outcome.REFERRED:
            Referral.objects.create(alert=alert, person=alert.person, to_unit=to_unit, help=help,
                                    note=note or found, at=now, by=actor)
            alert.state = Alert.State.REFERRED
        else:
            alert.state, alert.closed_at = Alert.State.CLOSED, now
        alert.save()
        _close_task(alert, actor, now)
    audit("assistance.visit", actor=actor, target=f"assistance-alert:{alert.number}", detail={"outcome": outcome})
    return alert


def _close_task(alert, actor, now):
    from yiwang.tasks import services as tasks

    if alert.task_id:
        evidence = _("Visited %(when)s: %(found)s Outcome: %(outcome)s. %(note)s") % {
            "when": timezone.localtime(alert.visited_at).strftime("%Y-%m-%d"), "found": alert.found,
            "outcome": alert.get_outcome_display(), "note": alert.outcome_note}
        tasks.close_on_outcome(task=alert.task, actor=actor, evidence=evidence.strip(), at=now)


def _unit_of(user):
    from yiwang.orgs import roles as R

    unit = R.unit_of(user)
    if unit is None:
        raise ActionRefused("no_unit", _("Your account belongs to no unit, so the help has no giver."))
    return unit


def same_need(person, help, today=None):
    """The help of this kind the person (or their household) already has: records and grants."""
    today = today or timezone.localdate()
    group = list(person.household.members.values_list("pk", flat=True)) if person.household_id else [person.pk]
    held = [r for r in Record.objects.filter(person_id__in=group, help=help, ended_on__isnull=True)
            .select_related("source", "person") if r.ends_on is None or r.ends_on >= today]
    year_ago = today - dt.timedelta(days=365)
    grants = list(Grant.objects.filter(person_id__in=group, help=help, given_on__gte=year_ago)
                  .select_related("unit", "person"))
    return held, grants


def add_grant(*, actor, person, help, unit, amount=None, alert=None, referral=None, note="", also=False):
    if help not in Help.values:
        raise ValidationError({"help": _("Choose the kind of help.")})
    if amount is not None and amount < 0:
        raise ValidationError({"amount": _("An amount cannot be negative.")})
    held, grants = same_need(person, help)
    if (held or grants) and not also:
        names = [f"{r.source.name}（{r.person.name}）" for r in held] + [f"{g.unit.name}（{g.person.name}，{g.given_on}）"
                                                                     for g in grants]
        raise ActionRefused("same_need", _("The household already receives %(help)s: %(from)s. Tick “give it as well” "
                                           "to give a second grant for the same need.") % {
            "help": Help(help).label, "from": "、".join(names)})
    grant = Grant.objects.create(person=person, help=help, amount=amount, given_on=timezone.localdate(), unit=unit,
                                 alert=alert, referral=referral, note=(note or "")[:300], by=actor, at=timezone.now())
    person.receives = sorted(set(person.receives) | {help})
    person.missing = [k for k in person.missing if k != help]
    person.unhelped = bool(person.missing)
    person.save(update_fields=["receives", "missing", "unhelped"])
    return grant


def answer_referral(*, actor, referral, accepted, answer, amount=None, also=False):
    """The department answers a referral: help given (recorded as a grant) or not, with why."""
    if referral.to_unit_id != getattr(_unit_of(actor), "pk", None):
        raise ActionRefused("not_allowed", _("Only the department the household was referred to answers."))
    answer = (answer or "").strip()
    if len(answer) < 4:
        raise ValidationError({"answer": _("Say what the department did.")})
    now = timezone.now()
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.answered_at:
            raise ActionRefused("answered", _("This referral is already answered."))
        referral.answered_at, referral.answered_by, referral.accepted, referral.answer = now, actor, accepted, answer
        referral.save()
        if accepted:
            add_grant(actor=actor, person=referral.person, help=referral.help, unit=referral.to_unit, amount=amount,
                      alert=referral.alert, referral=referral, note=answer, also=also)
        alert = Alert.objects.select_for_update().get(pk=referral.alert_id)
        if alert.state == Alert.State.REFERRED and not alert.referrals.filter(answered_at__isnull=True).exists():
            alert.state, alert.closed_at = Alert.State.CLOSED, now
            alert.save(update_fields=["state", "closed_at"])
    audit("assistance.referral", actor=actor, target=f"assistance-alert:{alert.number}",
          detail={"accepted": accepted})
    return referral


def decide_pair(*, actor, pair, same, reason):
    """A person's decision on an unsure pair: kept by the records' fingerprints, so it holds on every
    later import and run; applied to the people at once."""
    _require_analyst(actor)
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError({"reason": _("Say why (at least 4 characters): the decision is kept.")})
    now = timezone.now()
    with transaction.atomic():
        pair = ReviewPair.objects.select_for_update().select_related("first", "second").get(pk=pair.pk)
        if pair.decision_id:
            raise ActionRefused("decided", _("This pair is already decided."))
        first, second = sorted([pair.first.fingerprint, pair.second.fingerprint])
        decision, _created = LinkDecision.objects.update_or_create(
            first=first, second=second, defaults={"same": same, "reason": reason[:300], "by": actor, "at": now})
        pair.decision = decision
        pair.save(update_fields=["decision"])
        _apply_decision(pair.first, pair.second, same)
    audit("assistance.link", actor=actor, target=f"assistance-pair:{pair.pk}",
          detail={"same": same, "reason": reason[:300]})
    return decision


def _apply_decision(first, second, same):
    from . import linking

    a, b = first.person_id, second.person_id
    if same and a != b and a and b:
        keep, gone = sorted([a, b])
        Record.objects.filter(person_id=gone).update(person_id=keep)
        for model in (Alert, Grant, Referral):
            model.objects.filter(person_id=gone).update(person_id=keep)
        linking._refresh_people([keep])
        Person.objects.filter(pk=gone).delete()
    elif not same and a == b and a:
        # The second record (and its department's other rows of the same person) become a person of their own.
        moved = Record.objects.filter(person_id=a, fingerprint=second.fingerprint)
        person = Person.objects.create(key=linking.new_keys(1)[0], name=second.name)
        moved.update(person=person)
        linking._refresh_people([a, person.pk])
    linking.households()

