"""Workflow actions from submitted fields: the application page's forms and the API share this one
translation of fields into service calls."""
import datetime as dt

from django.utils.translation import gettext as _

from yiwang.errors import ActionRefused

from . import services
from .models import ApplicationMaterial


def run(app, user, code, post, materials, files=None):
    """Take action `code` on `app` with the given fields (a dict of strings); `materials(states)` gives
    the materials handed in, as the services take them."""
    version = post.get("version")
    simple = {"accept": lambda: services.accept(app=app, actor=user, version=version, note=post.get("note", "")),
              "deliver": lambda: services.deliver(app=app, actor=user, version=version, note=post.get("note", ""))}
    if code in simple:
        simple[code]()
    elif code == "accept_with_pending":
        try:
            due = dt.date.fromisoformat(post.get("due", ""))
        except ValueError:
            due = None
        services.accept_with_pending(app=app, actor=user, due=due, version=version, note=post.get("note", ""))
    elif code == "accept_on_commitment":
        if post.get("signed") != "1":
            raise ActionRefused("missing", _("The applicant must sign the commitment."))
        services.accept_on_commitment(app=app, actor=user, commitment=post.get("commitment"), version=version,
                                      scan=files.get("commitment_scan") if files else None)
    elif code == "request_correction":
        defective = {k[len("defect_"):]: post.get(f"defect_reason_{k[len('defect_'):]}", "")
                     for k in post if k.startswith("defect_") and not k.startswith("defect_reason_")
                     and post.get(k) == "1" and k[len("defect_"):].isdigit()}
        services.request_correction(app=app, actor=user, note=post.get("note", ""), version=version,
                                    defective=defective)
    elif code == "supply_correction":
        services.supply_correction(app=app, actor=user, version=version, note=post.get("note", ""),
                                   materials=materials([ApplicationMaterial.State.MISSING,
                                                        ApplicationMaterial.State.DEFECTIVE]))
    elif code == "confirm_receipt":
        services.confirm_receipt(app=app, actor=user, version=version, note=post.get("note", ""))
    elif code == "reject":
        services.reject(app=app, actor=user, reason=post.get("reason"), version=version)
    elif code == "withdraw":
        services.withdraw(app=app, actor=user, reason=post.get("reason"), version=version)
    elif code == "supply_pending":
        services.supply_pending(app=app, actor=user, version=version,
                                materials=materials([ApplicationMaterial.State.PENDING]))
    elif code == "pass_step":
        services.pass_step(app=app, actor=user, opinion=post.get("opinion"), version=version)
    elif code == "decide":
        services.decide(app=app, actor=user, decision=post.get("decision"), reasons=post.get("reasons"),
                        version=version)
    elif code == "start_special":
        services.start_special(app=app, actor=user, kind=post.get("kind"), reason=post.get("reason"), version=version)
    elif code == "end_special":
        services.end_special(app=app, actor=user, outcome=post.get("outcome"), version=version)
    elif code == "mail":
        services.mail(app=app, actor=user, recipient=post.get("recipient"), phone=post.get("phone"),
                      address=post.get("address"), tracking_number=post.get("tracking_number"), version=version)
    elif code == "check_commitment":
        services.check_commitment(app=app, actor=user, kept=post.get("kept") == "1", note=post.get("note", ""),
                                  version=version)
    else:
        raise ActionRefused("unknown_action", _("Unknown action."))
