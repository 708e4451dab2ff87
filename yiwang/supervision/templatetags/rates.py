from django import template

register = template.Library()


@register.filter
def pct(value):
    """A rate (0–1) as a percentage with one decimal, or a dash when there was nothing to count."""
    return "—" if value is None else f"{100 * value:.1f}%"


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def rate_denominator(facts, rate):
    """A rate's denominator as counted (the rectification rate leaves the invalid bad ratings out)."""
    if not facts:
        return 0
    return facts.get(rate.denominator, 0) - (facts.get(rate.excluded, 0) if rate.excluded else 0)
