"""The three administrators' permissions in the admin, by role (三员分立), so that none can do
another's work however the groups are edited:

- the system administrator (ADMIN) may change every model except roles and permissions, API
  keys and the audit log, and may not give anyone roles;
- the security administrator (SECURITY) changes roles and their permissions, users' roles, API
  keys and locked accounts, and nothing else;
- the auditor (AUDITOR) reads the audit log, nowhere but on its own page.

Other permissions (seeing full numbers) stay data: the groups' permissions, as administrators
set them. A superuser (`yiwang createsuperuser`, for emergencies) holds everything."""
from . import roles as R

SECURITY_APPS = {"axes"}
SECURITY_PERMS = {"auth.add_group", "auth.change_group", "auth.delete_group", "auth.view_group", "auth.view_permission",
                  "auth.view_user", "auth.change_user", "orgs.view_staff", "orgs.view_unit",
                  "api.add_apikey", "api.change_apikey", "api.view_apikey"}
RESERVED = SECURITY_PERMS - {"auth.view_user", "auth.change_user", "orgs.view_staff", "orgs.view_unit"}
NEVER_BY_ROLE = {"workorders.reveal_personal_data", "audit.read_audit_log"}


class RoleBackend:
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user, perm, obj=None):
        if not user.is_active:
            return False
        held = R.roles_of(user)
        app = perm.split(".", 1)[0]
        if perm in NEVER_BY_ROLE:
            return R.AUDITOR in held and perm == "audit.read_audit_log"
        if R.SECURITY in held and (perm in SECURITY_PERMS or app in SECURITY_APPS):
            return True
        if R.ADMIN in held and perm not in RESERVED and app not in SECURITY_APPS | {"audit"}:
            return True
        return False

    def has_module_perms(self, user, app_label):
        held = R.roles_of(user)
        if R.SECURITY in held and (app_label in SECURITY_APPS or any(p.startswith(f"{app_label}.")
                                                                  for p in SECURITY_PERMS)):
            return True
        return R.ADMIN in held and app_label not in SECURITY_APPS | {"audit"}
