"""The three administrators' permissions in the admin, by role (三员分立), so that none can do
another's work however the groups are edited:

- the system administrator (ADMIN) may change every model except roles and permissions, API
  keys, second factors, the audit log and the reveal log, and may not give anyone roles;
- the security administrator (SECURITY) changes roles and their permissions, users' roles and
  passwords, API keys, locked accounts and lost second factors, and nothing else;
- neither changes another administrator's account: the three are appointed, and their passwords
  and second factors reset, at the console (`yiwang administrators`);
- the auditor (AUDITOR) reads the audit log, nowhere but on its own page.

Other permissions (seeing full numbers) stay data: the groups' permissions, as administrators
set them. A superuser (`yiwang createsuperuser`, for emergencies) holds everything."""
from django.core.exceptions import PermissionDenied

from . import roles as R

SECURITY_APPS = {"axes", "otp_totp"}
SECURITY_PERMS = {"auth.add_group", "auth.change_group", "auth.delete_group", "auth.view_group", "auth.view_permission",
                  "auth.view_user", "auth.change_user", "orgs.view_staff", "orgs.view_unit",
                  "api.add_apikey", "api.change_apikey", "api.view_apikey"}
RESERVED = SECURITY_PERMS - {"auth.view_user", "auth.change_user", "orgs.view_staff", "orgs.view_unit"}
NEVER_BY_ROLE = {"workorders.reveal_personal_data", "audit.read_audit_log"}
# The system administrator keeps the product running, and reads neither the audit log nor the log of
# who saw whose personal numbers (the auditor reads both, through the audit log).
NOT_THE_ADMINS = {"audit", "privacy"}


class RoleBackend:
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user, perm, obj=None):
        if not user.is_active:
            return False
        held = R.roles_of(user)
        app = perm.split(".", 1)[0]
        if perm in NEVER_BY_ROLE:
            if held & R.ADMINISTRATORS and perm != "audit.read_audit_log":
                # Whatever a group says: no administrator sees full numbers (PermissionDenied ends the
                # check for every backend, the groups' included).
                raise PermissionDenied
            return R.AUDITOR in held and perm == "audit.read_audit_log"
        if R.SECURITY in held and (perm in SECURITY_PERMS or app in SECURITY_APPS):
            return True
        if R.ADMIN in held and perm not in RESERVED and app not in SECURITY_APPS | NOT_THE_ADMINS:
            return True
        return False

    def has_module_perms(self, user, app_label):
        held = R.roles_of(user)
        if R.SECURITY in held and (app_label in SECURITY_APPS or any(p.startswith(f"{app_label}.")
                                                                  for p in SECURITY_PERMS)):
            return True
        return R.ADMIN in held and app_label not in SECURITY_APPS | NOT_THE_ADMINS
