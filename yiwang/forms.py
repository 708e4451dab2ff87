"""What the pages read from a posted form the same way everywhere: a day typed as YYYY-MM-DD,
and a ValidationError's messages per field, joined, to show beside each field."""
import datetime as dt


def day(value):
    """The day in `value`, or None when it is empty or not a day."""
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def errors(exc):
    return {k: "；".join(v) for k, v in exc.message_dict.items()}


# Django's own length messages, worded as our users read them: our catalogue comes before Django's,
# whose Chinese says "该变量" (this variable). Listed here so that the catalogue keeps them.
def _django_texts():
    from django.utils.translation import ngettext_lazy

    return [
        ngettext_lazy("Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
                      "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
                      "limit_value"),
        ngettext_lazy("Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
                      "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
                      "limit_value"),
    ]
