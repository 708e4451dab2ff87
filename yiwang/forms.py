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
