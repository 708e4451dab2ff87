"""The kinds of case the product follows (work orders, applications, rectification cases, key
tasks, ...), each registered once by its app: what its timeline rows are, who may see one, and
which workflow table names its steps. The audit log, the webhooks and the audit page read this
registry, so a new domain plugs in by registering its kind in its AppConfig.ready()."""
import importlib
from dataclasses import dataclass
from typing import Callable

_kinds = {}


@dataclass(frozen=True)
class Kind:
    code: str                  # "workorder": the webhook event's and the audit row's name
    label: object              # lazy text: 工单
    event_model: str           # "workorders.OrderEvent": its append-only timeline
    case_field: str            # the timeline row's field that holds the case ("order")
    workflow: str              # the module whose TABLE names the steps ("yiwang.workorders.workflow")
    can_see: Callable          # (user, case) -> bool

    def case_of(self, event):
        return getattr(event, self.case_field)

    def event_label(self, action):
        """`workflow` names a module (its TABLE) or "module:NAME" (a module with more tables)."""
        module, _sep, name = self.workflow.partition(":")
        return getattr(importlib.import_module(module), name or "TABLE").event_label(action)


def register(kind):
    _kinds[kind.code] = kind
    return kind


def kinds():
    return list(_kinds.values())


def get(code):
    return _kinds.get(code)


def of_event(sender):
    """The kind whose timeline model is `sender`, or None."""
    label = f"{sender._meta.app_label}.{sender.__name__}"
    return next((k for k in _kinds.values() if k.event_model == label), None)
