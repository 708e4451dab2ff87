"""A key task's life (督办事项): 待交办 → 办理中 → 申请销号 → 已销号, with 退回 (the unit says it is
not theirs), 延期 (asked, decided) and 重新办理 (closure refused). Only this table knows which
action is allowed in which state and by whom; services check it and the page shows what it allows."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiwang.orgs import roles as R
from yiwang import caseflow
from yiwang.workflow import Action, Table

from .models import State as S

# Who sets tasks and follows them: the supervision office (督查室), leaders and administrators.
ASSIGNERS = frozenset({R.SUPERVISOR, R.LEADER})
# Who closes a task on its evidence: the supervision office.
APPROVERS = frozenset({R.SUPERVISOR})
UNIT = frozenset(R.UNIT_ROLES)
LEAD = "lead_unit"            # unit roles of the lead unit only
TAKING_PART = "taking_part"   # unit roles of the lead unit or a co-unit
OPEN = frozenset({S.PENDING, S.HANDLING, S.CLOSURE_REQUESTED})


def _no_extension_pending(task, user):
    if task.extension_to:
        return _("An extension is already waiting for a decision.")


def _extension_pending(task, user):
    if not task.extension_to:
        return _("No extension has been asked for.")


def _milestones_done(task, user):
    left = [m.title for m in task.milestones.all() if not m.done_at]
    if left:
        return _("These milestones are not done yet: %(names)s.") % {"names": "、".join(left)}


def _open_milestone(task, user):
    if not any(not m.done_at for m in task.milestones.all()):
        return _("Every milestone is done.")


def _open_notice(task, user):
    if not task.notices.filter(answered_at__isnull=True).exists():
        return _("There is no urge or supervision notice to answer.")


V = caseflow.Input
_ACTIONS = [
    Action("assign", gettext_lazy("Assign"), frozenset({S.PENDING}), S.HANDLING, ASSIGNERS,
           inputs=(V("lead_unit", caseflow.UNIT), V("co_units", caseflow.UNITS), V("deadline", caseflow.OPTIONAL),
                   V("cadence", caseflow.OPTIONAL), V("note", caseflow.BLANK))),
    Action("send_back", gettext_lazy("Send back (not ours)"), frozenset({S.HANDLING}), S.PENDING, UNIT, scope=LEAD,
           inputs=(V("reason"),)),
    Action("report", gettext_lazy("Report progress"), frozenset({S.HANDLING}), None, UNIT, scope=TAKING_PART,
           inputs=(V("text"), V("progress", caseflow.RAW), V("files", caseflow.FILES))),
    Action("complete_milestone", gettext_lazy("Milestone done"), frozenset({S.HANDLING}), None, UNIT, scope=LEAD,
           guards=(_open_milestone,), inputs=(V("milestone", caseflow.RAW), V("note", caseflow.BLANK))),
    Action("request_extension", gettext_lazy("Ask for an extension"), frozenset({S.HANDLING}), None, UNIT,
           scope=LEAD, guards=(_no_extension_pending,), inputs=(V("until", caseflow.RAW), V("reason"))),
    Action("decide_extension", gettext_lazy("Decide on the extension"), frozenset({S.HANDLING}), None, ASSIGNERS,
           guards=(_extension_pending,),
           inputs=(V("decision", caseflow.IS, "approve", "approve"), V("note", caseflow.BLANK))),
    Action("request_closure", gettext_lazy("Ask to close (销号)"), frozenset({S.HANDLING}), S.CLOSURE_REQUESTED, UNIT,
           scope=LEAD, guards=(_milestones_done,), inputs=(V("evidence"), V("files", caseflow.FILES))),
    Action("approve_closure", gettext_lazy("Close the task (销号)"), frozenset({S.CLOSURE_REQUESTED}), S.CLOSED,
           APPROVERS, inputs=(V("note", caseflow.BLANK),)),
    Action("refuse_closure", gettext_lazy("Refuse closure: handle again"), frozenset({S.CLOSURE_REQUESTED}),
           S.HANDLING, APPROVERS, inputs=(V("reason"),)),
    Action("urge", gettext_lazy("Urge"), frozenset({S.HANDLING, S.CLOSURE_REQUESTED}), None, ASSIGNERS,
           inputs=(V("text"), V("answer_due", caseflow.DAY))),
    Action("supervise", gettext_lazy("Issue a supervision notice"), frozenset({S.HANDLING}), None, ASSIGNERS,
           inputs=(V("text"), V("answer_due", caseflow.DAY))),
    Action("answer_notice", gettext_lazy("Answer the notice"), frozenset({S.HANDLING, S.CLOSURE_REQUESTED}), None,
           UNIT, scope=LEAD, guards=(_open_notice,), inputs=(V("notice", caseflow.RAW), V("text"))),
]


def _lead_unit(task, user, action, held):
    unit = R.unit_of(user)
    if unit is None or unit.pk != task.lead_unit_id:
        return _("Only the lead unit may “%(action)s”.") % {"action": action.label}


def _taking_part(task, user, action, held):
    unit = R.unit_of(user)
    if unit is None or not (unit.pk == task.lead_unit_id or task.co_units.filter(pk=unit.pk).exists()):
        return _("Only the lead unit and the co-units may “%(action)s”.") % {"action": action.label}


OTHER_EVENTS = {"create": gettext_lazy("Task created"), "remind": gettext_lazy("Report reminded"),
                "import": gettext_lazy("Task imported"), "closed_on_outcome": gettext_lazy("Closed on the visit's outcome")}

TABLE = Table(_ACTIONS, not_now=gettext_lazy("“%(action)s” is not possible while the task is “%(state)s”."),
              scopes={LEAD: _lead_unit, TAKING_PART: _taking_part},
              state=lambda task: (task.state, task.get_state_display()), other_events=OTHER_EVENTS,
              case_arg="task")
ACTIONS, refusal, check, available, event_label = (TABLE.actions, TABLE.refusal, TABLE.check, TABLE.available,
                                                   TABLE.event_label)
