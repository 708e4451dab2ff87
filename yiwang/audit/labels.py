"""What an audit row's action code means, in the reader's language: the auditor reads 登录失败 and
核实, not login.failed and case.verify. Case steps are named by their own workflow table, so a
step added to a domain is named here without a change."""
from django.utils.translation import gettext_lazy as _

from yiwang import cases

LABELS = {
    "login": _("Logged in"),
    "login.failed": _("Failed log-in"),
    "logout": _("Logged out"),
    "account.locked": _("Account locked"),
    "account.unlocked": _("Account unlocked"),
    "password.change": _("Password changed"),
    "password.reset": _("Password reset"),
    "password.reset_asked": _("Password reset asked"),
    "two_factor.setup": _("Second factor set up"),
    "two_factor.verified": _("Second factor confirmed"),
    "two_factor.failed": _("Wrong second-factor code"),
    "portal.register": _("Portal account registered"),
    "portal.register_again": _("Registration for a number that has an account"),
    "portal.activated": _("Portal account activated"),
    "reveal": _("Full number viewed"),
    "export": _("Exported"),
    "import.uploaded": _("Import uploaded"),
    "import.finished": _("Import finished"),
    "import.undone": _("Import undone"),
    "apikey.issued": _("Issued an API key"),
    "apikey.revoked": _("Revoked an API key"),
    "role.add": _("Roles given"),
    "role.remove": _("Roles taken away"),
    "role.clear": _("Roles cleared"),
    "permission.add": _("Permissions given"),
    "permission.remove": _("Permissions taken away"),
    "permission.clear": _("Permissions cleared"),
    "admin.add": _("Added in the admin"),
    "admin.change": _("Changed in the admin"),
    "admin.delete": _("Deleted in the admin"),
    "backup.made": _("Backup made"),
    "backup.restored": _("Backup restored"),
    "retention.purge": _("Retention purge"),
    "audit.purged": _("Audit log cut after its period"),
    "administrator.appointed": _("Administrator appointed at the console"),
    "administrator.dismissed": _("Administrator dismissed at the console"),
    "administrator.reset": _("Administrator's password and second factor reset at the console"),
    "keys.rotated": _("Keys of personal numbers rotated"),
}

def label(action, target=""):
    """The action's name; a case step is '<kind>: <the step's label>'."""
    if action in LABELS:
        return str(LABELS[action])
    if action.startswith("case."):
        kind = cases.get(target.split(":", 1)[0])
        if kind is not None:
            return f"{kind.label} · {kind.event_label(action[5:])}"
    return action
