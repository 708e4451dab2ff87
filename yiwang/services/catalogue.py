"""The catalogue: publishing a guide as a new version, and searching the guides in Chinese."""
import math

import jieba
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Bundle, GuideVersion, ServiceItem

jieba.setLogLevel(60)  # jieba prints its dictionary loading on stderr otherwise


def snapshot(item):
    """The whole guide as plain data, as a citizen read it at that version."""
    return {
        "code": item.code, "basic_code": item.basic_code, "name": item.name, "item_type": item.item_type,
        "unit": item.unit.name, "applicant_kinds": item.applicant_kinds, "legal_basis": item.legal_basis,
        "conditions": item.conditions, "process": item.process, "statutory_days": item.statutory_days,
        "promised_days": item.promised_days, "handling_kind": item.handling_kind, "fee": item.fee,
        "fee_basis": item.fee_basis, "visits": item.visits, "online": item.online,
        "commitment_allowed": item.commitment_allowed, "place": item.place, "hours": item.hours,
        "consult": item.consult, "complain": item.complain, "result_name": item.result_name,
        "form_fields": item.form_fields,
        "materials": [{
            "name": m.name, "form": m.form, "copies": m.copies, "medium": m.medium, "file_types": m.file_types,
            "required": m.required, "deferrable": m.deferrable, "notes": m.notes,
        } for m in item.materials.all()],
        "steps": [{"name": s.name, "kind": s.kind, "unit": (s.unit or item.unit).name, "role": s.role,
                   "limit_days": s.limit_days} for s in item.steps.select_related("unit")],
    }


def publish_guide(item, actor=None):
    """Record the guide as it now stands as a new version, unless nothing changed since the last one."""
    with transaction.atomic():
        locked = ServiceItem.objects.select_for_update().get(pk=item.pk)
        data = snapshot(locked)
        last = item.versions.first()
        if last is not None and last.snapshot == data:
            return last
        number = (last.number if last else 0) + 1
        version = GuideVersion.objects.create(item=locked, number=number, snapshot=data, published_at=timezone.now(),
                                              published_by=actor if getattr(actor, "pk", None) else None)
        ServiceItem.objects.filter(pk=item.pk).update(version=number)
    item.version = number
    return version


def terms(query):
    """The words of a Chinese query: jieba's search-engine cut, without punctuation and particles."""
    words = [w.strip() for w in jieba.cut_for_search(query or "")]
    return [w for w in dict.fromkeys(words) if w and (len(w) > 1 or not w.isascii()) and w not in STOP]


STOP = {"的", "了", "和", "与", "及", "怎么", "如何", "办理", "我", "要", "想", "在", "哪里", "什么", "，", "。", "？", "、"}

WEIGHTS = (("name", 5), ("keywords", 3), ("code", 3), ("unit__name", 2), ("conditions", 1), ("result_name", 2))


def search_items(query, qs=None):
    """Published items ranked by the query's words they contain, where, and how rare each word is
    in the catalogue (a word every item has, like 许可, counts for little). Items far below the
    best match are left out."""
    qs = (qs if qs is not None else ServiceItem.objects.filter(published=True)).select_related("unit")
    words = terms(query)
    if not words:
        return list(qs)
    match = Q()
    for w in words:
        for field, _weight in WEIGHTS:
            match |= Q(**{f"{field}__icontains": w})
    found = list(qs.filter(match))
    if not found:
        return []
    total = qs.count()

    def fields_of(item):
        return [((item.unit.name if f == "unit__name" else getattr(item, f)) or "").lower() for f, _w in WEIGHTS]

    texts = {item.pk: fields_of(item) for item in found}
    rarity = {}
    for w in words:
        having = sum(1 for t in texts.values() if any(w.lower() in v for v in t))
        rarity[w] = math.log(1 + total / max(having, 1))

    def score(item):
        return sum(weight * len(w) * rarity[w] for w in words
                   for (_f, weight), value in zip(WEIGHTS, texts[item.pk]) if w.lower() in value)
    scored = sorted(((score(i), i) for i in found), key=lambda p: (-p[0], p[1].code))
    best = scored[0][0]
    return [item for s, item in scored if s >= RELEVANT_SHARE * best]


# Results scoring below this share of the best match are noise (a shared generic word).
RELEVANT_SHARE = 0.3


def published_bundles():
    return Bundle.objects.filter(published=True).prefetch_related("items")


def search_bundles(query):
    """Published bundles whose name or description holds a word of the query."""
    words = terms(query)
    found = []
    for bundle in published_bundles():
        text = bundle.name + bundle.description
        if any(w in text for w in words):
            found.append(bundle)
    return found
