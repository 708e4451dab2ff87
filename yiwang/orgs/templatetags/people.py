"""How a person is named on a page: staff by their display name, a portal applicant by their own
name (never their log-in, which is not theirs to read), anyone else by their log-in name."""
from django import template

register = template.Library()


@register.filter
def who(user):
    if user is None:
        return ""
    staff = getattr(user, "staff", None)
    if staff is not None and staff.display_name:
        return staff.display_name
    applicant = getattr(user, "applicant", None)
    if applicant is not None:
        return applicant.name
    return user.get_username()


@register.filter
def summary(event):
    """What a history row decided, in words (yiwang.timeline)."""
    from yiwang.timeline import summary as words

    return words(event)
