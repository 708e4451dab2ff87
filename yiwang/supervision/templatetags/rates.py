from django import template

register = template.Library()


@register.filter
def pct(value):
    """A rate (0–1) as a percentage with one decimal, or a dash when there was nothing to count."""
    return "—" if value is None else f"{100 * value:.1f}%"


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
