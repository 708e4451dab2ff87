"""Purpose-bound access (the one place that says who sees what in the data centre):

- the centre's analysts (救助中心) and the district's leaders see every person and household;
- a street (its staff and heads, and its communities' staff) sees the people and households of
  its own street (a community only its own community) and the warnings there;
- a department sees the records it sent and the chain of the people it helps (those its records
  name, or a referral hands it).

Every read of a person's page is audited with its purpose; lists and exports show numbers masked."""
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yiwang.orgs import roles as R
from yiwang.orgs.models import Unit

from .models import Alert, Household, Person, Record, Referral, Source

# Why a person's or household's chain is opened: asked once per session and subject on the pages,
# named on every call in the API, and written to the audit log with each view.
PURPOSES = [("visit", _("Checking a warning (visit)")), ("application", _("Deciding an application")),
            ("referral", _("Handling a referral")), ("review", _("Reviewing a record pair")),
            ("analysis", _("Analysis for the centre"))]

def subject(obj):
    """How the audit log names a person or a household whose chain is opened."""
    if isinstance(obj, Person):
        return f"assistance-person:{obj.key}"
    return f"assistance-household:{obj.number or obj.pk}"


def purpose_text(code, note=""):
    """What the audit log keeps of a purpose: its label, and the note after it; None for an unknown code."""
    label = dict(PURPOSES).get(code)
    if label is None:
        return None
    note = (note or "").strip()[:100]
    return f"{label}{'：' + note if note else ''}"


WHOLE = frozenset({R.ASSISTANCE, R.LEADER})
ANALYSTS = frozenset({R.ASSISTANCE})


def whole(user):
    return bool(R.roles_of(user) & WHOLE)


def analyst(user):
    return bool(R.roles_of(user) & ANALYSTS)


def _unit(user):
    if not (R.roles_of(user) & R.UNIT_ROLES):
        return None
    return R.unit_of(user)


def place(user):
    """(street, community) a street's or community's staff work for, else (None, None)."""
    unit = _unit(user)
    if unit is None:
        return None, None
    if unit.kind == Unit.Kind.STREET:
        return unit, None
    if unit.kind in (Unit.Kind.COMMUNITY, Unit.Kind.GRID):
        community = unit if unit.kind == Unit.Kind.COMMUNITY else unit.parent
        return (community.parent if community else None), community
    return None, None


def department(user):
    """The department (unit) whose sources the user's unit sends, or None."""
    unit = _unit(user)
    if unit is not None and Source.objects.filter(unit=unit).exists():
        return unit
    if unit is not None and Referral.objects.filter(to_unit=unit).exists():
        return unit
    return None


def may_use(user):
    return whole(user) or place(user)[0] is not None or department(user) is not None


def people(user):
    if whole(user):
        return Person.objects.all()
    street, community = place(user)
    if community is not None:
        return Person.objects.filter(Q(community=community) | Q(household__community=community))
    if street is not None:
        return Person.objects.filter(Q(street=street) | Q(household__street=street))
    unit = department(user)
    if unit is not None:
        return Person.objects.filter(Q(records__source__unit=unit) | Q(referrals__to_unit=unit)).distinct()
    return Person.objects.none()


def households(user):
    if whole(user):
        return Household.objects.all()
    street, community = place(user)
    if community is not None:
        return Household.objects.filter(community=community)
    if street is not None:
        return Household.objects.filter(street=street)
    unit = department(user)
    if unit is not None:
        return Household.objects.filter(members__in=people(user)).distinct()
    return Household.objects.none()


def records(user):
    """The records a user may list: a department its own; a street those of its people."""
    if whole(user):
        return Record.objects.all()
    unit = department(user)
    if unit is not None:
        return Record.objects.filter(source__unit=unit)
    street, _community = place(user)
    if street is not None:
        return Record.objects.filter(person__in=people(user))
    return Record.objects.none()


def chain_records(user, person):
    """The records of a person's chain this user may read: all of them, once the person is theirs."""
    return person.records.all() if people(user).filter(pk=person.pk).exists() else Record.objects.none()


def alerts(user):
    if whole(user):
        return Alert.objects.all()
    street, community = place(user)
    if community is not None:
        return Alert.objects.filter(community=community)
    if street is not None:
        return Alert.objects.filter(street=street)
    unit = department(user)
    if unit is not None:
        return Alert.objects.filter(referrals__to_unit=unit).distinct()
    return Alert.objects.none()


def may_visit(user, alert):
    """Who records a visit: the alert's street or community staff (and the centre)."""
    if analyst(user):
        return True
    street, community = place(user)
    return street is not None and alert.street_id == street.pk and (community is None or
                                                                    alert.community_id == community.pk)


def referrals(user):
    if analyst(user) or R.LEADER in R.roles_of(user):
        return Referral.objects.all()
    unit = _unit(user)
    return Referral.objects.filter(to_unit=unit) if unit is not None else Referral.objects.none()
