"""阳光发布 in the open standard: the projects the district has made public as an OC4IDS 0.9 project
package (Open Contracting for Infrastructure Data Standards), with codes from its codelists.
`yiwang projects oc4ids` writes it; /open/projects/oc4ids.json serves it."""
import csv
import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Acceptance, Project, Stage, Status

VERSION = "0.9"
# Our statuses in the closed projectStatus codelist.
STATUS = {Status.OPPORTUNITY: "identification", Status.SIGNED: "preparation", Status.APPROVING: "preparation",
          Status.BUILDING: "implementation", Status.COMPLETED: "completion", Status.OPERATING: "maintenance",
          Status.DROPPED: "cancelled"}
# Our milestone steps in the open milestoneCode codelist, where one fits.
MILESTONE_CODE = {"signing": "commercialClose", "approval": "projectApproval", "start": "commencement",
                  "completion": "completion", "operation": "commissioning"}


def _moment(day):
    """A date as the schema's date-time: the start of that day in the district's time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time())).isoformat()


def _yuan(amount_10k):
    return {"amount": float(amount_10k) * 10000, "currency": "CNY"}


def project_release(p, base, today=None):
    today = today or timezone.localdate()
    milestones = list(p.milestones.all())
    planned = [m.planned_on for m in milestones if m.planned_on]
    district = {"id": "district", "name": settings.YIWANG_DISTRICT_NAME, "roles": ["publicAuthority"]}
    parties = [district]
    out = {
        "id": f"{settings.OC4IDS_PREFIX}-{p.number}",
        "updated": timezone.localtime(p.updated_at).isoformat(),
        "language": "zh",
        "title": p.name,
        "status": STATUS[p.status],
        "type": "construction",
        "sector": [p.sector],
        "publicAuthority": {"id": "district", "name": district["name"]},
        "budget": {"amount": _yuan(p.total_investment)},
    }
    if p.code:
        out["identifiers"] = [{"id": p.code, "scheme": "CN-TZXMDM"}]
    if p.scope:
        out["description"] = p.scope
    if planned:
        out["period"] = {"startDate": _moment(min(planned)), "endDate": _moment(max(planned))}
    location = {"id": "1"}
    if p.address or p.street_id:
        location["address"] = {k: v for k, v in (("streetAddress", p.address),
                                                 ("locality", p.street.name if p.street_id else ""),
                                                 ("countryName", "中国")) if v}
    if p.latitude is not None and p.longitude is not None:
        location["geometry"] = {"type": "Point", "coordinates": [float(p.longitude), float(p.latitude)]}
    if len(location) > 1:
        out["locations"] = [location]
    if p.owner_id:
        parties.append({"id": f"CN-USCC-{p.owner.credit_code}", "name": p.owner.name,
                        "identifier": {"scheme": "CN-USCC", "id": p.owner.credit_code}, "roles": ["payer"]})
    out["parties"] = parties
    rows = []
    for m in milestones:
        row = {"id": str(m.pk), "title": m.name, "type": "approval" if m.stage != Stage.NONE or m.code in (
            "signing", "approval") else "delivery"}
        if m.code in MILESTONE_CODE:
            row["code"] = MILESTONE_CODE[m.code]
        if m.planned_on:
            row["dueDate"] = _moment(m.planned_on)
        if m.actual_on:
            row["dateMet"] = _moment(m.actual_on)
            row["status"] = "met"
        elif m.planned_on:
            row["status"] = "notMet" if m.planned_on < today else "scheduled"
        rows.append(row)
    if rows:
        out["milestones"] = rows
    reports = sorted(p.reports.all(), key=lambda r: r.month)
    if reports:
        def period(r):
            nxt = (r.month + dt.timedelta(days=32)).replace(day=1)
            return {"startDate": _moment(r.month), "endDate": _moment(nxt - dt.timedelta(days=1))}

        out["metrics"] = [
            {"id": "physicalProgress", "title": "形象进度",
             "observations": [{"id": r.month.strftime("%Y-%m"), "period": period(r), "measure": r.progress,
                               "unit": {"name": "percent"}} for r in reports]},
            {"id": "investmentCompleted", "title": "月度完成投资",
             "observations": [{"id": r.month.strftime("%Y-%m"), "period": period(r), "value": _yuan(r.invested)}
                              for r in reports]}]
    completion = next((m.actual_on for m in milestones if m.code == "completion" and m.actual_on), None)
    if completion:
        out["completion"] = {"endDate": _moment(completion)}
    documents = [{"id": f"opinion-{a.number}", "documentType": "completionCertificate",
                  "title": f"联合验收意见 {a.number}", "url": base.rstrip("/") + reverse("public_projects:verify",
                                                                                     args=[a.number]),
                  "datePublished": timezone.localtime(a.opinion_at).isoformat()}
                 for a in p.acceptances.all() if a.state == Acceptance.State.ISSUED]
    if documents:
        out["documents"] = documents
    return out


def public_projects():
    return (Project.objects.filter(public=True).select_related("street", "owner")
            .prefetch_related("milestones", "reports", "acceptances").order_by("pk"))


def package(base):
    """The OC4IDS project package of every project the district has made public."""
    return {
        "uri": base.rstrip("/") + reverse("open_projects"),
        "publishedDate": timezone.localtime(timezone.now()).isoformat(),
        "version": VERSION,
        "publisher": {"name": settings.YIWANG_DISTRICT_NAME},
        "projects": [project_release(p, base) for p in public_projects()],
    }


DATA = Path(__file__).resolve().parent / "data" / "oc4ids"
# The open codelists the schema does not enforce, with the fields that take them.
OPEN_CODELISTS = {"projectSector.csv": ("sector",), "milestoneCode.csv": ("milestones", "code"),
                  "milestoneType.csv": ("milestones", "type"), "documentType.csv": ("documents", "documentType"),
                  "partyRole.csv": ("parties", "roles")}


def _codes(name):
    with open(DATA / "codelists" / name, encoding="utf-8") as f:
        return {row["Code"] for row in csv.DictReader(f)}


def problems(package_data):
    """What is wrong with a package against the OC4IDS 0.9 schema (resolved offline) and its
    codelists: a list of "path: message", empty when it is valid."""
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    package_schema = json.loads((DATA / "project-package-schema.json").read_text(encoding="utf-8"))
    project_schema = json.loads((DATA / "project-schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(project_schema["id"], Resource(project_schema, specification=DRAFT4))
    validator = Draft4Validator(package_schema, registry=registry)
    out = [f"{'/'.join(str(p) for p in e.absolute_path) or '(package)'}: {e.message}"
           for e in validator.iter_errors(package_data)]
    for name, path in OPEN_CODELISTS.items():
        codes = _codes(name)
        for i, project in enumerate(package_data.get("projects", [])):
            values = project.get(path[0], [])
            if len(path) == 2:
                values = [v for item in values for v in (item.get(path[1]) if isinstance(item.get(path[1]), list)
                                                          else [item.get(path[1])]) if v]
            for value in values:
                if value not in codes:
                    out.append(f"projects/{i}/{'/'.join(path)}: {value} is not in {name}")
    return out
