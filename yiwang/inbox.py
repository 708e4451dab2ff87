"""我的待办: one inbox per person, across every domain a person works in (work orders,
applications' steps, rectification cases, notices due, and the domains still to come).

Each app registers a provider in its AppConfig.ready(); a provider takes the user and returns
the entries of its queues that the user's roles work from. The home page shows them together,
so no app has to know the others."""
from dataclasses import dataclass

_providers = []


@dataclass
class Entry:
    code: str
    label: str
    count: int
    url: str
    overdue: int = 0


@dataclass
class Section:
    label: str
    entries: list


def provider(fn):
    """Register `fn(user) -> Section or None`."""
    if fn not in _providers:
        _providers.append(fn)
    return fn


def sections(user):
    return [s for s in (fn(user) for fn in _providers) if s is not None and s.entries]
