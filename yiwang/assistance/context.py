def assistance(request):
    """Whether the person works in the data centre's pages (the menu shows them then). A callable, so
    that only pages that ask pay the query."""
    user = getattr(request, "user", None)

    def may_use():
        from . import access

        return bool(user is not None and user.is_authenticated and access.may_use(user))

    return {"assistance_user": may_use}
