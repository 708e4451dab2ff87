from yiwang.orgs import roles as R


def roles(request):
    user = getattr(request, "user", None)
    user_roles = R.roles_of(user) if user is not None else frozenset()
    return {
        "user_roles": user_roles,
        "user_role_labels": [R.label(r) for r in R.ALL if r in user_roles],
        "user_unit": R.unit_of(user) if user_roles else None,
        "user_works_orders": bool(user_roles & (R.CENTRE_ROLES | R.UNIT_ROLES)),
    }
