"""Who may see a full number. The one reveal rule's check; `yiwang.privacy.reveal` answers the pages."""
PERMISSION = "workorders.reveal_personal_data"


def may_reveal(user, *, hidden=False):
    """The reveal permission (never held by an administrator: the role backend refuses them). `hidden`:
    the record keeps its caller from this person whatever the permission (a confidential order outside
    the hotline centre)."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(PERMISSION) and not hidden
