"""The roles of the product. A role is a Django group whose name is the role's code, so an
administrator assigns roles in the admin and permissions can be granted per role."""
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

AGENT = "agent"
DISPATCHER = "dispatcher"
UNIT_STAFF = "unit_staff"
UNIT_HEAD = "unit_head"
CALLBACK = "callback"
SUPERVISOR = "supervisor"
LEADER = "leader"
ADMIN = "admin"
CLERK = "clerk"  # service-hall window (一窗受理)
BUTLER = "butler"  # assisted handling and project butlers (帮代办, 项目管家)
INSPECTOR = "inspector"  # grid inspectors (网格员), who report street problems from their grid
# 等保 2.0's three administrators (三员分立): the system administrator (ADMIN: users, settings,
# the catalogue), the security administrator (roles, permissions, API keys, locked accounts) and
# the auditor (reads and exports the audit log, nothing else). No one holds two of them, nor a
# business role: the system administrator keeps the product running and does no business work
# (no cases, no lists of people's requests, no full numbers); the configuration pages that are
# not in the admin (the district map, the classifier) are theirs.
SECURITY = "security"
# The social-assistance data centre's analysts (救助中心): imports, linkage review, rules, warnings.
ASSISTANCE = "assistance"
AUDITOR = "auditor"
ADMINISTRATORS = {ADMIN, SECURITY, AUDITOR}

ALL = [AGENT, DISPATCHER, UNIT_STAFF, UNIT_HEAD, CALLBACK, SUPERVISOR, LEADER, ADMIN, CLERK, BUTLER, INSPECTOR,
       SECURITY, AUDITOR, ASSISTANCE]
UNIT_ROLES = {UNIT_STAFF, UNIT_HEAD}
# Roles that work for the whole district rather than for one handling unit.
CENTRE_ROLES = {AGENT, DISPATCHER, CALLBACK, SUPERVISOR, LEADER}
# Roles of the service hall, who may take any application for any item (综合窗口).
HALL_ROLES = {CLERK, BUTLER}


REVEAL = ("workorders", "reveal_personal_data")
# The permissions a role's group starts with, when the group is first made. The roles that call
# people back see full numbers (audited); the window sees the applicant's own documents' numbers.
DEFAULT_PERMISSIONS = {AGENT: [REVEAL], CALLBACK: [REVEAL], SUPERVISOR: [REVEAL], CLERK: [REVEAL], BUTLER: [REVEAL],
                       ASSISTANCE: [REVEAL]}


def label(role):
    return settings.YIWANG_ROLE_LABELS.get(role, role)


def roles_of(user):
    """The set of role codes a user holds, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_yiwang_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            names.add(ADMIN)
        cached = frozenset(names & set(ALL))
        user._yiwang_roles = cached
    return cached


def unit_of(user):
    staff = getattr(user, "staff", None) if getattr(user, "is_authenticated", False) else None
    return staff.unit if staff else None


def is_centre(user):
    return bool(roles_of(user) & CENTRE_ROLES)


def require_any(user, wanted):
    """Refuse a page to a user who holds none of the `wanted` roles."""
    if not (roles_of(user) & set(wanted)):
        raise PermissionDenied(_("Your role may not open this page."))
