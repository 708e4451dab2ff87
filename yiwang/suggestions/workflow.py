"""A suggestion's life: 待评审 → 采纳 / 部分采纳 / 未采纳 (each with a reason and an answer to the
proposer); an adopted one is published (with consent), rewarded and followed as a key task. An
award is money: one reviewer proposes it within the campaign's range and fund, a second confirms
it; a correction (with its reason) goes the same way."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yiwang.orgs import roles as R
from yiwang import caseflow
from yiwang.workflow import Action, Table, second_person

from .models import ADOPTED_STATES
from .models import State as S

REVIEWERS = frozenset({R.SUPERVISOR, R.LEADER})


def _consented_not_published(s, user):
    if not s.consent_publish:
        return _("The proposer did not agree to publication.")
    if s.published_at:
        return _("The suggestion is already published.")


def _not_awarded(s, user):
    if s.award is not None:
        return _("The suggestion already has its award.")
    if s.award_proposed is not None:
        return _("An award is proposed and waits for a second reviewer.")


def _proposed(s, user):
    if s.award_proposed is None:
        return _("No award is proposed.")


def _awarded_not_proposed(s, user):
    if s.award is None:
        return _("The suggestion has no award to correct.")
    if s.award_proposed is not None:
        return _("A correction is proposed and waits for a second reviewer.")


def _no_task(s, user):
    if s.task_id:
        return _("The suggestion is already followed as task %(task)s.") % {"task": s.task.number}


V = caseflow.Input
_ACTIONS = [
    Action("review", gettext_lazy("Review and answer"), frozenset({S.SUBMITTED}), None, REVIEWERS,
           inputs=(V("decision"), V("reason"), V("answer"))),
    Action("publish", gettext_lazy("Publish"), frozenset(ADOPTED_STATES), None, REVIEWERS,
           guards=(_consented_not_published,)),
    Action("award", gettext_lazy("Propose the award"), frozenset(ADOPTED_STATES), None, REVIEWERS,
           guards=(_not_awarded,),
           inputs=(V("amount"),)),
    Action("correct_award", gettext_lazy("Correct the award"), frozenset(ADOPTED_STATES), None, REVIEWERS,
           guards=(_awarded_not_proposed,),
           inputs=(V("amount"), V("reason"))),
    Action("confirm_award", gettext_lazy("Confirm the award (second reviewer)"), frozenset(ADOPTED_STATES), None,
           REVIEWERS, guards=(_proposed, second_person("award", "correct_award"))),
    Action("return_award", gettext_lazy("Send the proposed award back"), frozenset(ADOPTED_STATES), None, REVIEWERS,
           guards=(_proposed, second_person("award", "correct_award")),
           inputs=(V("reason"),)),
    Action("follow_up", gettext_lazy("Follow as a key task"), frozenset(ADOPTED_STATES), None, REVIEWERS,
           guards=(_no_task,),
           inputs=(V("lead_unit", caseflow.UNIT), V("deadline", caseflow.DAY))),
]
OTHER_EVENTS = {"submit": gettext_lazy("Suggestion submitted")}

TABLE = Table(_ACTIONS, not_now=gettext_lazy("“%(action)s” is not possible while the suggestion is “%(state)s”."),
              state=lambda s: (s.state, s.get_state_display()), other_events=OTHER_EVENTS, case_arg="suggestion")
ACTIONS, refusal, check, available, event_label = (TABLE.actions, TABLE.refusal, TABLE.check, TABLE.available,
                                                   TABLE.event_label)
held_back = TABLE.held_back
