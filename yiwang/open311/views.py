"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under /open311/v2/.

One service per active work-order category marked public. A request posted here becomes a work
order (channel "open311") in the same 12345 loop; its status is `open` or `closed`, the finer state
in `status_notes`, the lead unit as `agency_responsible` and the current deadline as
`expected_datetime`. Both formats, XML and JSON, as the specification writes them; errors are a
list of code and description with HTTP 400, 403 or 404. Extensions: `page`/`page_size`, and
`extensions=true` adds `notes` (the update history) and `extended_attributes`."""
import datetime as dt
import re
import xml.etree.ElementTree as ET

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from yiwang.api.models import ApiKey
from yiwang.api.orders import file_order
from yiwang.clock import local_moment
from yiwang.errors import ActionRefused
from yiwang.privacy.masking import mask_numbers_in_text
from yiwang.workorders import services, workflow
from yiwang.workorders.grid import coordinate
from yiwang.workorders.models import OPEN_STATUSES, Category, Channel, Status, WorkOrder

SPEC = "http://wiki.open311.org/GeoReport_v2"
FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
CLOSED = (Status.CLOSED, Status.MERGED)
# Personal numbers a caller may have written into the description; the public list masks them.


class Open311Error(Exception):
    def __init__(self, status, errors):
        super().__init__(errors)
        self.status, self.errors = status, errors


def _w3c(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


# ---------------------------------------------------------------- rendering

def _xml_value(parent, tag, value):
    node = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for k, v in value.items():
            _xml_value(node, k, v)
    elif isinstance(value, list):
        child = XML_LIST_ITEMS.get(tag, tag[:-1])
        for v in value:
            _xml_value(node, child, v)
    elif isinstance(value, bool):
        node.text = "true" if value else "false"
    elif value is not None:
        node.text = str(value)


# The element name of one item inside a list element, as the specification's XML writes them.
XML_LIST_ITEMS = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format",
                  "notes": "note", "keywords": "keyword"}


def render(fmt, root, item, data, status=200):
    """`data`: a list of dicts (or one dict for a single root object) rendered as `root` in XML
    or as JSON."""
    if fmt == "json":
        return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False},
                            content_type=FORMATS["json"])
    top = ET.Element(root)
    if isinstance(data, list):
        for row in data:
            node = ET.SubElement(top, item)
            for k, v in row.items():
                _xml_value(node, k, v)
    else:
        for k, v in data.items():
            _xml_value(top, k, v)
    body = ET.tostring(top, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, status=status, content_type=FORMATS["xml"])


def _errors(fmt, status, errors):
    rows = [{"code": code, "description": text} for code, text in errors]
    return render(fmt, "errors", "error", rows, status=status)


def errors_response(path, status, errors):
    """Errors for a request refused before its view ran: the format from the path's extension."""
    fmt = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else "xml"
    return _errors(fmt if fmt in FORMATS else "xml", status, errors)


def endpoint(view):
    """Format from the extension, jurisdiction check, and errors in the specification's shape."""
    def wrapped(request, fmt, *args, **kwargs):
        if fmt not in FORMATS:
            return _errors("xml", 404, [(404, _("Unknown format: use .xml or .json."))])
        jurisdiction = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
        if jurisdiction and jurisdiction != settings.OPEN311_JURISDICTION:
            return _errors(fmt, 404, [(404, _("Unknown jurisdiction_id: %(j)s") % {"j": jurisdiction})])
        try:
            return view(request, fmt, *args, **kwargs)
        except Open311Error as exc:
            return _errors(fmt, exc.status, exc.errors)
    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return csrf_exempt(wrapped)


# ---------------------------------------------------------------- services

def public_categories():
    return Category.objects.filter(public=True, is_active=True).select_related("parent__parent").order_by("pk")


def _service(category):
    return {
        "service_code": str(category.pk), "service_name": category.name,
        "description": category.description or category.path, "metadata": bool(category.form_fields),
        "type": "realtime", "keywords": category.path.replace(" / ", ","),
        "group": category.parent.name if category.parent_id else category.name,
    }


def _changeset():
    """When the service list last changed."""
    latest = Category.objects.filter(public=True).aggregate(at=Max("updated_at"))["at"]
    return _w3c((latest or timezone.now()).replace(microsecond=0))


@require_GET
@endpoint
def discovery(request, fmt):
    url = request.build_absolute_uri(reverse("open311:discovery", args=["xml"])).rsplit("/", 1)[0]
    data = {
        "changeset": _changeset(), "contact": settings.OPEN311_CONTACT, "key_service": settings.OPEN311_KEY_SERVICE,
        "endpoints": [{"specification": SPEC, "url": url, "changeset": _changeset(), "type": "production",
                       "formats": ["text/xml", "application/json"]}],
    }
    return render(fmt, "discovery", None, data)


@require_GET
@endpoint
def service_list(request, fmt):
    return render(fmt, "services", "service", [_service(c) for c in public_categories()])


def _attributes(category):
    out = []
    for order, f in enumerate(category.form_fields, start=1):
        kind = f.get("datatype", "string")
        row = {"variable": True, "code": f["key"], "datatype": kind, "required": bool(f.get("required")),
               "datatype_description": f.get("datatype_description", ""), "order": order,
               "description": f["label"]}
        if kind.endswith("valuelist"):
            row["values"] = [{"key": str(v["key"]), "name": v["name"]} for v in f.get("values", [])]
        out.append(row)
    return out


def _category(code):
    category = public_categories().filter(pk=code).first() if str(code).isdigit() and len(str(code)) < 10 else None
    if category is None:
        raise Open311Error(404, [(404, _("Unknown service_code: %(c)s") % {"c": code})])
    return category


@require_GET
@endpoint
def service_definition(request, fmt, code):
    category = _category(code)
    return render(fmt, "service_definition", None, {"service_code": str(category.pk),
                                                      "attributes": _attributes(category)})


# ---------------------------------------------------------------- requests

def _scrub(text):
    return mask_numbers_in_text(text)


def _request(order, extensions=False):
    row = {
        "service_request_id": order.number,
        "status": "closed" if order.status in CLOSED else "open",
        "status_notes": order.get_status_display(),
        "service_name": order.category.name if order.category_id else "",
        "service_code": str(order.category_id or ""),
        "description": _scrub(order.body),
        "agency_responsible": order.lead_unit.name if order.lead_unit_id else "",
        "service_notice": "",
        "requested_datetime": _w3c(order.created_at),
        "updated_datetime": _w3c(order.updated_at),
        "expected_datetime": _w3c(order.deadline) if order.status not in CLOSED else None,
        "address": order.address,
        "address_id": "",
        "zipcode": "",
        "lat": float(order.latitude) if order.latitude is not None else None,
        "long": float(order.longitude) if order.longitude is not None else None,
        "media_url": order.media_url,
    }
    if order.status == Status.CLOSED and order.answer:
        row["status_notes"] = f"{order.get_status_display()}：{_scrub(order.answer)}"
    if extensions:
        row["extended_attributes"] = {"channel": order.channel, "status_code": order.status,
                                      "closed_datetime": _w3c(order.closed_at)}
        row["notes"] = [{
            "datetime": _w3c(e.at), "summary": str(workflow.event_label(e.action)),
            "type": "opened" if e.action == "create" else ("closed" if e.to_status in CLOSED
                                                            and e.from_status not in CLOSED else "activity"),
            "description": dict(Status.choices).get(e.to_status, "") if e.to_status != e.from_status else "",
        } for e in order.events.all()]
    return row


def public_orders():
    return (WorkOrder.objects.filter(category__public=True, confidential=False)
            .select_related("category", "lead_unit").order_by("-created_at", "-pk"))


def _when(value, name):
    try:
        return local_moment(dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
    except ValueError:
        raise Open311Error(400, [(400, _("%(name)s must be a W3C date and time, e.g. 2026-11-25T09:00:00+08:00.")
                                  % {"name": name})]) from None


def _positive(value, name, default, limit):
    if value in (None, ""):
        return default
    if not value.isdigit() or not 1 <= int(value) <= limit:
        raise Open311Error(400, [(400, _("%(name)s must be a whole number from 1 to %(max)s.")
                                  % {"name": name, "max": limit})])
    return int(value)


def _search(request):
    get = request.GET
    extensions = get.get("extensions", "").lower() == "true"
    qs = public_orders()
    if extensions:
        qs = qs.prefetch_related("events")
    ids = [i.strip() for i in get.get("service_request_id", "").split(",") if i.strip()]
    if ids:  # "This overrides all other arguments."
        return qs.filter(number__in=ids[:settings.OPEN311_MAX_REQUESTS]), extensions, None
    codes = [c.strip() for c in get.get("service_code", "").split(",") if c.strip()]
    if codes:
        if not all(c.isdigit() and len(c) < 10 for c in codes):
            raise Open311Error(400, [(400, _("Unknown service_code: %(c)s") % {"c": ",".join(codes)})])
        qs = qs.filter(category_id__in=codes)
    statuses = {s.strip().lower() for s in get.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        raise Open311Error(400, [(400, _("status must be open or closed."))])
    if statuses == {"open"}:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif statuses == {"closed"}:
        qs = qs.filter(status__in=CLOSED)
    window = dt.timedelta(days=settings.OPEN311_DEFAULT_DAYS)
    start = _when(get["start_date"], "start_date") if get.get("start_date") else None
    end = _when(get["end_date"], "end_date") if get.get("end_date") else None
    if start and end and end < start:
        raise Open311Error(400, [(400, _("end_date is before start_date."))])
    if start and end and end - start > window:
        raise Open311Error(400, [(400, _("start_date to end_date may span %(days)s days at most.")
                                  % {"days": settings.OPEN311_DEFAULT_DAYS})])
    if start is None and end is None:
        start = timezone.now() - window
    if start:
        qs = qs.filter(created_at__gte=start)
    if end:
        qs = qs.filter(created_at__lte=end)
    limit = settings.OPEN311_MAX_REQUESTS
    page = _positive(get.get("page"), "page", 1, 1_000_000)
    size = _positive(get.get("page_size"), "page_size", limit, limit)
    return qs, extensions, (page, size)



def _list(request, fmt):
    qs, extensions, paging = _search(request)
    if paging:
        page, size = paging
        qs = qs[(page - 1) * size:page * size]
    return render(fmt, "service_requests", "request", [_request(o, extensions) for o in qs])


def _coordinate(value, name, low, high):
    number = coordinate(value, low, high)
    if number is None:
        raise Open311Error(400, [(400, _("%(name)s must be a number from %(low)s to %(high)s.")
                                  % {"name": name, "low": low, "high": high})])
    return number


def _create(request, fmt):
    post = request.POST
    key = ApiKey.find(post.get("api_key") or request.GET.get("api_key") or "")
    if key is None or not key.user.is_active or not key.has_scope("open311"):
        raise Open311Error(403, [(403, _("Invalid api_key received: it is unknown, revoked or lacks the scope "
                                         "open311."))])
    code = post.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, [(400, _("service_code is required."))])
    category = _category(code)
    lat, lon = post.get("lat", "").strip(), post.get("long", "").strip()
    address = (post.get("address_string") or post.get("address_id") or "").strip()
    problems = []
    if bool(lat) != bool(lon):
        problems.append((400, _("Send both lat and long, or neither.")))
    if not (lat and lon) and not address:
        problems.append((400, _("A location is required: lat and long, address_string or address_id.")))
    if problems:
        raise Open311Error(400, problems)
    latitude = _coordinate(lat, "lat", -90, 90) if lat else None
    longitude = _coordinate(lon, "long", -180, 180) if lon else None
    description = (post.get("description") or "").strip()
    name = f"{post.get('last_name', '').strip()}{post.get('first_name', '').strip()}"
    title = f"{category.name}：{description[:40]}" if description else category.name
    data = dict(
        channel=Channel.OPEN311, order_type=settings.OPEN311_ORDER_TYPE, title=title,
        body=description or category.name, caller_name=name[:50], caller_phone=post.get("phone", ""),
        category=category, address=address[:200], latitude=latitude, longitude=longitude,
        attributes=services.attributes_from(post), media_url=(post.get("media_url") or "").strip()[:500],
    )
    if data["media_url"] and not re.match(r"^https?://\S+$", data["media_url"]):
        raise Open311Error(400, [(400, _("media_url must be an http or https address."))])
    try:
        order = file_order(key.user, key.name, data)
    except ValidationError as exc:
        rows = [(400, f"{field}: {m}" if field != "__all__" else m)
                for field, messages in exc.message_dict.items() for m in messages]
        raise Open311Error(400, rows) from None
    except ActionRefused as exc:
        raise Open311Error(400, [(400, exc.message)]) from None
    notice = _("Your request number is %(n)s; you can follow it here or by calling 12345.") % {"n": order.number}
    return render(fmt, "service_requests", "request", [{
        "service_request_id": order.number, "service_notice": notice, "account_id": None}])


@require_http_methods(["GET", "POST"])
@endpoint
def requests(request, fmt):
    if request.method == "POST":
        return _create(request, fmt)
    return _list(request, fmt)


@require_GET
@endpoint
def request_detail(request, fmt, number):
    order = public_orders().prefetch_related("events").filter(number=number).first()
    if order is None:
        raise Open311Error(404, [(404, _("Unknown service_request_id: %(n)s") % {"n": number})])
    extensions = request.GET.get("extensions", "").lower() == "true"
    return render(fmt, "service_requests", "request", [_request(order, extensions)])

