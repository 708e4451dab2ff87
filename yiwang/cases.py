"""The kinds of case the product follows (work orders, applications, rectification cases, key
tasks, ...), each registered once by its app: what its timeline rows are, who may see one, and
which workflow table names its steps. The audit log, the webhooks and the audit page read this
registry, so a new domain plugs in by registering its kind in its AppConfig.ready().

Every kind's model is a `Case`: its number (a prefix, the day and the row's id), the version a
person read (compared when they act, so nobody acts on a case someone changed meanwhile), its
timeline (the `events` of its CaseEvent model, the truth of what happened) and its state, whose
choices and moves are its domain's workflow table."""
import importlib
from dataclasses import dataclass
from typing import Callable

from django.db import models
from django.utils import timezone

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


class Case(models.Model):
    NUMBER_PREFIX = ""
    NUMBER_DIGITS = 6

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def give_number(self, moment):
        """The case's number once it has its row id: prefix, local day, id (DB20261207000059)."""
        self.number = f"{self.NUMBER_PREFIX}{timezone.localtime(moment):%Y%m%d}{self.pk:0{self.NUMBER_DIGITS}d}"
        return self.number

    def timeline(self):
        """Its history, oldest first, with who did each step."""
        return self.events.select_related("actor__staff", "actor_unit").order_by("at", "id")
