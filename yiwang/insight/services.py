"""Insight writes: training and activating classifier versions, what happens when an order is
filed (prediction, fingerprint, automatic dispatch), and the reads the order pages use."""
import logging
from collections import Counter
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R
from yiwang.orgs.models import Staff
from yiwang.workorders import services as orders
from yiwang.workorders.models import Category, Status, WorkOrder
from yiwang.workorders.selectors import responsible_unit

from . import classifier, duplicates, text
from .models import Band, Fingerprint, ModelVersion, Prediction, Settings

log = logging.getLogger(__name__)
AUTO_USERNAME = "yiwang-auto-dispatch"
MIN_PER_LABEL = 2


# ---------------------------------------------------------------- training

def closed_order_rows():
    """Training rows from closed orders: their final category's first level is the label."""
    rows = []
    closed = WorkOrder.objects.filter(status=Status.CLOSED, category__isnull=False).select_related(
        "category__parent__parent")
    for order in closed.iterator():
        node = order.category
        while node.parent_id:
            node = node.parent
        rows.append({"title": order.title, "body": order.body, "label": node.name})
    return rows


def start_training(*, actor, source, data=None, note=""):
    """Record a new version and train it in the background. `data` is uploaded JSON Lines."""
    if source == ModelVersion.Source.UPLOAD:
        try:
            rows = text.read_jsonl(data.decode("utf-8").splitlines(), ("title", "body", "label"))
        except UnicodeDecodeError:
            raise ActionRefused("bad_data", _("The file is not UTF-8 text.")) from None
        except text.DataError as error:
            raise ActionRefused("bad_data", _("The file cannot be used: %(error)s") % {"error": error}) from None
    else:
        rows = closed_order_rows()
    _check_rows(rows)
    with transaction.atomic():
        last = ModelVersion.objects.select_for_update().order_by("-number").first()
        version = ModelVersion.objects.create(
            number=(last.number + 1) if last else 1, source=source, created_by=actor, note=note[:200],
            samples=len(rows), training_data=data if source == ModelVersion.Source.UPLOAD else None)
    from .tasks import train_version

    transaction.on_commit(lambda: train_version.delay(version.pk))
    return version


def _check_rows(rows):
    counts = Counter(row["label"].strip() for row in rows)
    usable = [label for label, n in counts.items() if n >= MIN_PER_LABEL]
    if len(usable) < 2 or len(usable) < len(counts):
        raise ActionRefused("too_little", _(
            "Training needs at least two categories with at least %(n)d messages each; "
            "found %(found)s.") % {"n": MIN_PER_LABEL, "found": ", ".join(f"{k} {v}" for k, v in counts.items())
                                   or "0"})


def train(version):
    """Train a recorded version (called by the task). The first ready version becomes active."""
    if version.source == ModelVersion.Source.UPLOAD:
        rows = text.read_jsonl(bytes(version.training_data).decode("utf-8").splitlines(), ("title", "body", "label"))
    else:
        rows = closed_order_rows()
    try:
        model, evaluation = classifier.train(rows)
    except Exception as error:  # recorded on the version for the administrator to read
        log.exception("training version %s failed", version.number)
        version.state, version.error = ModelVersion.State.FAILED, str(error)[:2000]
        version.save(update_fields=["state", "error"])
        return version
    version.artifact = model.to_bytes()
    version.labels, version.evaluation, version.samples = model.labels, evaluation, len(rows)
    version.state = ModelVersion.State.READY
    version.training_data = None
    version.save()
    if not ModelVersion.objects.filter(is_active=True).exists():
        activate(version=version, actor=version.created_by)
    return version


def activate(*, version, actor):
    """Make this version the one that suggests; activating an older one is the rollback."""
    if version.state != ModelVersion.State.READY:
        raise ActionRefused("not_ready", _("Version %(n)s is not ready; only a trained version can be used.")
                            % {"n": version.number})
    with transaction.atomic():
        ModelVersion.objects.select_for_update().filter(is_active=True).update(is_active=False)
        ModelVersion.objects.filter(pk=version.pk).update(is_active=True)
    version.is_active = True
    log.info("classifier v%s activated by %s", version.number, actor)


@lru_cache(maxsize=2)
def _load(pk):
    return classifier.Classifier.from_bytes(ModelVersion.objects.values_list("artifact", flat=True).get(pk=pk))


def active_model():
    """The version in use and its model, or (None, None) when there is none or it cannot load
    (made by another scikit-learn): suggestions stop, filing goes on, the log says why."""
    version = ModelVersion.objects.filter(is_active=True).only("pk", "number").first()
    if version is None:
        return None, None
    try:
        return version, _load(version.pk)
    except ValueError:
        log.exception("classifier v%s cannot be loaded; train a new version", version.number)
        return None, None


# ---------------------------------------------------------------- suggestions

def category_for(label):
    """The category a model label names: a first-level category of that name, else any."""
    return (Category.objects.filter(name=label, is_active=True).order_by("level").first())


def suggestions(order, limit=None):
    """[{category, label, confidence, unit}] for an order, best first ([] without a model)."""
    version, model = active_model()
    if model is None:
        return []
    limit = limit or Settings.current().suggestions
    out = []
    own = order.category if order.category_id else None
    for label, confidence in model.predict([classifier.prepare(order.title, order.body)], top=limit)[0]:
        category = category_for(label)
        # The model names a first-level category; when the agent already chose a category under
        # it (供气 / 燃气安全 under 公用事业), that finer choice gives the routing rule.
        if category is not None and own is not None and _root(own) == category:
            category = own
        out.append({"label": label, "confidence": confidence, "category": category, "version": version.number,
                    "unit": responsible_unit(category, order.street) if category else None})
    return out


def _root(category):
    while category.parent_id:
        category = category.parent
    return category


def system_dispatcher():
    user, made = get_user_model().objects.get_or_create(username=AUTO_USERNAME, defaults={"is_active": False})
    if made:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get_or_create(name=R.DISPATCHER)[0])
        Staff.objects.create(user=user, display_name=_("Automatic dispatch"))
    return user


def after_filing(order):
    """Predict, fingerprint and, when the model is sure enough, dispatch a new order."""
    fingerprint(order)
    version, model = active_model()
    if model is None:
        return None
    ranked = model.predict([classifier.prepare(order.title, order.body)], top=3)[0]
    label, confidence = ranked[0]
    category = category_for(label)
    Prediction.objects.create(order=order, version=version, label=label, category=category, confidence=confidence,
                              ranked=[[lab, round(c, 4)] for lab, c in ranked])
    threshold = Settings.current().auto_dispatch_confidence
    if threshold is None or confidence < float(threshold) or category is None:
        return None
    order.refresh_from_db()
    unit = responsible_unit(category, order.street)
    if unit is None or order.status != Status.PENDING_DISPATCH:
        return None
    if order.category_id is None:
        WorkOrder.objects.filter(pk=order.pk).update(category=category)
        order.category = category
    orders.dispatch(order=order, actor=system_dispatcher(), lead_unit=unit, version=order.version,
                    note=_("Dispatched automatically: classifier v%(v)s is %(p).0f%% sure this is %(c)s.")
                    % {"v": version.number, "p": confidence * 100, "c": category.path})
    return unit


# ---------------------------------------------------------------- duplicates

def _document(order):
    place = " ".join(filter(None, [order.community.name if order.community_id else "", order.address]))
    return duplicates.prepare(order.pk, order.title, order.body, place=text.place(place, "") or None)


def fingerprint(order):
    document = _document(order)
    with transaction.atomic():
        Fingerprint.objects.filter(order=order).delete()
        made = Fingerprint.objects.create(order=order, place=document.place[:40])
        Band.objects.bulk_create([Band(fingerprint=made, value=v) for v in document.bands])
    return document


def similar_open_orders(order, limit=5):
    """Open orders that look like the same problem at the same place: [(order, similarity)]."""
    document = _document(order)
    if not document.bands:
        return []
    candidates = (WorkOrder.objects.filter(fingerprint__bands__value__in=document.bands, merged_into__isnull=True)
                  .exclude(pk=order.pk).exclude(status__in=[Status.CLOSED]).distinct()
                  .select_related("community")[:200])
    # Another street is another place, whatever the words say.
    same_place = {c.pk: c for c in candidates
                  if not (order.street_id and c.street_id and order.street_id != c.street_id)}
    settings = duplicates.Settings(threshold=float(Settings.current().duplicate_threshold))
    ranked = duplicates.ranked(document, [_document(c) for c in same_place.values()], settings, limit)
    return [(same_place[other.key], score) for other, score in ranked]


def duplicate_groups():
    """Groups of open orders that look like duplicates of each other (the batch job)."""
    from yiwang.workorders.models import OPEN_STATUSES

    open_orders = list(WorkOrder.objects.filter(status__in=OPEN_STATUSES, merged_into__isnull=True)
                       .select_related("community", "street").order_by("created_at"))
    documents = [_document(o) for o in open_orders]
    settings = duplicates.Settings(threshold=float(Settings.current().duplicate_threshold))
    groups = []
    for members in duplicates.groups(documents, settings):
        by_street = {}
        for i in members:
            by_street.setdefault(open_orders[i].street_id, []).append(open_orders[i])
        groups.extend(g for g in by_street.values() if len(g) > 1)
    return groups


def orders_like(numbers, start, end, limit=2000):
    """Orders filed in [start, end), outside `numbers`, that look like one of the orders `numbers`
    (the same problem at the same place): how a hot issue made a key task is followed week by
    week. Candidates come through the stored band index, then each is verified."""
    members = list(WorkOrder.objects.filter(number__in=numbers).select_related("community"))
    if not members:
        return []
    documents = [_document(m) for m in members]
    bands = {b for d in documents for b in d.bands}
    if not bands:
        return []
    candidates = (WorkOrder.objects.filter(created_at__gte=start, created_at__lt=end, merged_into__isnull=True,
                                           fingerprint__bands__value__in=bands)
                  .exclude(number__in=numbers).distinct().select_related("community")[:limit])
    threshold = float(Settings.current().duplicate_threshold)
    found = []
    for candidate in candidates:
        document = _document(candidate)
        if any(duplicates.similarity(document, d) >= threshold for d in documents):
            found.append(candidate)
    return found


def documents_of(numbers):
    """The duplicate-finding documents of the orders `numbers` (to compare them again and again)."""
    return [_document(o) for o in WorkOrder.objects.filter(number__in=numbers).select_related("community")]


def any_alike(orders, documents):
    """Whether one of `orders` is one of `documents` or looks like one of them."""
    keys = {d.key for d in documents}
    if any(o.pk in keys for o in orders):
        return True
    threshold = float(Settings.current().duplicate_threshold)
    return any(duplicates.similarity(_document(o), d) >= threshold for o in orders for d in documents)
