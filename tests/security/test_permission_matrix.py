"""The permission matrix: every role against every page, export and action outside the admin
and the API. A new view nobody placed here fails the test; so does any change of who reaches
what. (The admin: tests/orgs/test_three_administrators.py; the API: tests/api.)"""
import pytest

from yiwang.reviews import services as reviews
from yiwang.services import documents
from yiwang.suggestions.services import token as suggestion_token

from .matrix import MATRIX, ROLES
from .probe import clients, reach, routes
from .world import build


def samples(w):
    """The URL arguments of each route: objects of the bureau's, visible to its unit."""
    order, app, case = w.order.number, w.app.number, w.case.number
    attachment = w.order.attachments.first()
    return {
        "workorders:detail": {"number": order}, "workorders:act": {"number": order, "code": "urge"},
        "workorders:print": {"number": order}, "workorders:attach": {"number": order},
        "workorders:file": {"number": order, "pk": attachment.pk},
        "workorders:reveal": {"number": order, "field": "caller_phone"},
        "workorders:import_batch": {"pk": w.batch.pk}, "workorders:import_undo": {"pk": w.batch.pk},
        "workorders:export_job": {"pk": w.export.pk}, "workorders:export_download": {"pk": w.export.pk},
        "services:new": {"code": w.item.code}, "services:bundle_new": {"code": w.bundle.code},
        "services:bundle_case": {"number": w.bundle_case.number},
        "services:detail": {"number": app}, "services:act": {"number": app, "code": "accept"},
        "services:document": {"number": app, "kind": documents.available(w.app)[0]},
        "services:material": {"number": w.portal_app.number, "pk": w.portal_app.materials.exclude(file="").first().pk},
        "services:reveal": {"number": app, "field": "contact_phone"},
        "portal:guide": {"code": w.item.code}, "portal:guide_version": {"code": w.item.code, "number": 1},
        "portal:bundle": {"code": w.bundle.code}, "portal:apply": {"code": w.item.code},
        "portal:apply_bundle": {"code": w.bundle.code},
        "portal:application": {"number": w.portal_app.number},
        "portal:act": {"number": w.portal_app.number, "code": "withdraw"},
        "portal:document": {"number": w.portal_app.number, "kind": documents.available(w.portal_app)[0]},
        "portal:bundle_case": {"number": w.bundle_case.number},
        "portal:follow": {"number": w.portal_app.number, "token": documents.follow_token(w.portal_app.number)},
        "portal:activate": {"token": "forged"},
        "portal:password_reset_confirm": {"uidb64": "MQ", "token": "forged"},
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "forged"},
        "rate:rate": {"kind": "a", "number": app, "token": reviews._token(f"a:{app}")},
        "rate:case": {"number": case, "token": reviews._token(f"r:{case}")},
        "reviews:pad": {"number": app}, "reviews:detail": {"number": case},
        "reviews:act": {"number": case, "code": "verify"}, "reviews:reveal": {"number": case},
        "insight:model": {"number": w.model.number}, "insight:activate": {"number": w.model.number},
        "tasks:detail": {"number": w.task.number}, "tasks:act": {"number": w.task.number, "code": "report"},
        "tasks:file": {"number": w.task.number, "pk": w.task_file.pk}, "tasks:meeting": {"number": w.meeting.number},
        "tasks:meeting_tasks": {"number": w.meeting.number}, "tasks:circular_issued": {"pk": w.circular.pk},
        "tasks:meeting_edit": {"number": w.meeting.number}, "tasks:visit": {"number": w.visit.number},
        "suggestions:campaign": {"code": w.campaign.code}, "suggestions:regroup": {"code": w.campaign.code},
        "suggestions:detail": {"number": w.suggestion.number},
        "suggestions:act": {"number": w.suggestion.number, "code": "publish"},
        "suggestions:from_order": {"number": w.order.number},
        "public_suggestions:campaign": {"code": w.campaign.code}, "public_suggestions:done": {"code": w.campaign.code},
        "public_suggestions:follow": {"number": w.suggestion.number, "token": suggestion_token(w.suggestion.number)},
        "proposals:detail": {"number": w.proposal.number},
        "proposals:act": {"number": w.proposal.number, "code": "answer"},
        "enterprises:detail": {"credit_code": w.enterprise.credit_code},
        "enterprises:edit": {"credit_code": w.enterprise.credit_code},
        "enterprises:assign": {"credit_code": w.enterprise.credit_code},
        "supervision:notice_pdf": {"source": "order", "pk": w.notice.pk},
        "enterprises:import_preview": {"pk": w.enterprise_import.pk},
        "enterprises:import_mapping": {"pk": w.enterprise_import.pk},
        "enterprises:import_apply": {"pk": w.enterprise_import.pk},
        "enterprises:visit": {"credit_code": w.enterprise.credit_code},
        "enterprises:butler": {"credit_code": w.enterprise.credit_code},
        "policies:document": {"pk": w.policy.pk}, "policies:article_new": {"document": w.policy.pk},
        "policies:article": {"pk": w.article.pk}, "policies:article_edit": {"pk": w.article.pk},
        "policies:run_start": {"pk": w.article.pk}, "policies:run": {"pk": w.run.pk},
        "policies:claim": {"number": w.claim.number},
        "policies:claim_file": {"number": w.claim.number, "pk": w.claim.files.get().pk}, "policies:claim_act": {"number": w.claim.number, "code": "approve"},
        "policies:butler_apply": {"credit_code": w.enterprise.credit_code, "pk": w.article.pk},
        "policies:session": {"pk": w.session.pk}, "public_policies:object": {"number": w.claim.number},
        "public_policies:session": {"pk": w.session.pk}, "policies_portal:apply": {"pk": w.article.pk},
        "policies_portal:ask": {"pk": w.session.pk}, "policies_portal:rate": {"pk": 1},
        "projects:post": {"pk": w.post.pk}, "projects:detail": {"pk": w.project.pk}, "projects:edit": {"pk": w.project.pk},
        "projects:report": {"pk": w.project.pk}, "projects:problem": {"pk": w.project.pk},
        "projects:publish": {"pk": w.project.pk}, "projects:acceptance_apply": {"pk": w.project.pk},
        "projects:milestone": {"pk": w.milestone.pk}, "projects:acceptance": {"number": w.acceptance.number},
        "projects:acceptance_act": {"number": w.acceptance.number, "code": "record"},
        "projects:opinion_pdf": {"number": w.acceptance.number}, "projects:interest": {"number": w.interest.number},
        "projects:interest_act": {"number": w.interest.number, "code": "contact"},
        "projects_portal:acceptance": {"pk": w.project.pk},
        "projects:interest_reveal": {"number": w.interest.number, "field": "phone"},
        "projects:acceptance_reveal": {"number": w.acceptance.number, "field": "contact_phone"},
        "public_projects:detail": {"pk": w.project.pk}, "public_projects:photo": {"pk": w.photo.pk},
        "public_projects:verify": {"number": w.acceptance.number},
        "assistance:person": {"pk": w.assistance_person.pk},
        "assistance:person_reveal": {"pk": w.assistance_person.pk, "field": "id_number"},
        "assistance:household": {"pk": w.assistance_person.household_id},
        "assistance:alert": {"pk": w.assistance_alert.pk}, "assistance:pair": {"pk": w.assistance_pair.pk},
        "assistance:records": {"code": "W-MZ"}, "assistance:import": {"pk": w.assistance_run.pk},
        "assistance:answer": {"pk": w.assistance_referral.pk}, "assistance:rule": {"pk": w.assistance_rule.pk},
        "open311:discovery": {"fmt": "json"}, "open311:services": {"fmt": "json"},
        "open311:service": {"code": str(w.public_category.pk), "fmt": "json"},
        "open311:requests": {"fmt": "json"}, "open311:request": {"number": w.public_order.number, "fmt": "json"},
    }


@pytest.fixture
def world(org):
    return build(org)


def test_every_role_reaches_exactly_what_the_matrix_says(world):
    args = samples(world)
    logged_in = clients(world, ROLES)
    observed, unplaced = {}, []
    for route, name in sorted(routes(), key=lambda r: r[1] == "logout"):  # logging out last: it ends the sessions
        if name not in MATRIX:
            unplaced.append(f"{name} ({route})")
            continue
        observed[name] = sorted(r for r in ROLES if reach(logged_in[r], name, args.get(name, {}))[0])
    assert not unplaced, "views nobody placed in the permission matrix (tests/security/matrix.py): " + ", ".join(
        unplaced)
    wrong = {name: got for name, got in observed.items() if set(got) != set(MATRIX[name])}
    assert not wrong, "\n".join(f"{n}: the matrix says {sorted(MATRIX[n])}, got {got}" for n, got in wrong.items())
