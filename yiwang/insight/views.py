from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yiwang.documents.excel import xlsx_response
from yiwang.errors import ActionRefused
from yiwang.orgs import roles as R

from . import selectors, services
from .models import ModelVersion, Settings

MANAGE = {R.ADMIN}
READ_HOT = {R.LEADER, R.SUPERVISOR, R.DISPATCHER, R.AGENT}
READ_DUPLICATES = {R.DISPATCHER, R.AGENT, R.SUPERVISOR}
MAX_UPLOAD = 50 * 1024 * 1024


@login_required
def model_list(request):
    R.require_any(request.user, MANAGE)
    return render(request, "insight/models.html", {
        "versions": ModelVersion.objects.defer("artifact", "training_data").select_related("created_by"),
        "settings": Settings.current()})


@login_required
@require_POST
def train(request):
    R.require_any(request.user, MANAGE)
    source = request.POST.get("source")
    upload = request.FILES.get("data")
    try:
        if source == ModelVersion.Source.UPLOAD:
            if upload is None:
                raise ActionRefused("missing", _("Choose a JSON Lines file with title, body and label."))
            if upload.size > MAX_UPLOAD:
                raise ActionRefused("too_large", _("The file is larger than 50 MB."))
            data = upload.read()
        elif source == ModelVersion.Source.ORDERS:
            data = None
        else:
            raise ActionRefused("bad_source", _("Choose what to train from."))
        version = services.start_training(actor=request.user, source=source, data=data,
                                          note=request.POST.get("note", ""))
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        version.refresh_from_db()
        if version.state == ModelVersion.State.FAILED:
            messages.error(request, _("Training version %(n)s failed: %(e)s") % {"n": version.number, "e": version.error})
        elif version.state == ModelVersion.State.READY:
            messages.success(request, _("Version %(n)s is trained: macro-F1 %(f)s.")
                             % {"n": version.number, "f": version.evaluation.get("macro_f1")})
        else:
            messages.success(request, _("Version %(n)s is being trained in the background.") % {"n": version.number})
    return redirect("insight:models")


@login_required
@require_POST
def activate(request, number):
    R.require_any(request.user, MANAGE)
    version = get_object_or_404(ModelVersion.objects.defer("artifact", "training_data"), number=number)
    try:
        services.activate(version=version, actor=request.user)
    except ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Version %(n)s now makes the suggestions.") % {"n": version.number})
    return redirect("insight:models")


@login_required
@require_POST
def save_settings(request):
    R.require_any(request.user, MANAGE)
    current = Settings.current()
    errors = []
    raw = request.POST.get("auto_dispatch_confidence", "").strip()
    try:
        value = float(raw) if raw else None
        if value is not None and not 0.5 <= value <= 1:
            raise ValueError
        current.auto_dispatch_confidence = value
    except ValueError:
        errors.append(_("The auto-dispatch confidence must be a number from 0.5 to 1, or empty to switch it off."))
    try:
        threshold = float(request.POST.get("duplicate_threshold", "0.35"))
        if not 0.1 <= threshold <= 0.95:
            raise ValueError
        current.duplicate_threshold = threshold
    except ValueError:
        errors.append(_("The duplicate similarity must be a number from 0.1 to 0.95."))
    for field, low, high in (("suggestions", 1, 7), ("hot_days", 1, 366)):
        try:
            number = int(request.POST.get(field, ""))
            if not low <= number <= high:
                raise ValueError
            setattr(current, field, number)
        except ValueError:
            errors.append(_("%(field)s must be a whole number from %(low)d to %(high)d.")
                          % {"field": Settings._meta.get_field(field).verbose_name, "low": low, "high": high})
    if errors:
        for error in errors:
            messages.error(request, error)
    else:
        current.save()
        messages.success(request, _("Settings saved."))
    return redirect("insight:models")


@login_required
def model_detail(request, number):
    R.require_any(request.user, MANAGE)
    version = get_object_or_404(ModelVersion.objects.defer("artifact", "training_data"), number=number)
    evaluation = version.evaluation or {}
    labels = evaluation.get("labels", [])
    matrix = [{"label": label, "cells": [{"n": n, "diagonal": i == j} for j, n in enumerate(row)]}
              for i, (label, row) in enumerate(zip(labels, evaluation.get("confusion", [])))]
    return render(request, "insight/model_detail.html", {"version": version, "evaluation": evaluation,
                                                         "labels": labels, "matrix": matrix})


def _days(request):
    try:
        return max(1, min(366, int(request.GET.get("days", ""))))
    except ValueError:
        return Settings.current().hot_days


@login_required
def hot_issues(request):
    R.require_any(request.user, READ_HOT)
    days = _days(request)
    issues = selectors.hot_issues(days)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(selectors.hot_issues_workbook(issues, days),
                             f"hot-issues-{timezone.localdate():%Y%m%d}.xlsx")
    from .signals import hot_issue_page

    for issue in issues:
        issue.panels = [html for _r, html in hot_issue_page.send(sender=type(issue), issue=issue, user=request.user,
                                                                  request=request) if html]
    return render(request, "insight/hot.html", {"issues": issues, "days": days})


@login_required
def duplicate_groups(request):
    R.require_any(request.user, READ_DUPLICATES)
    return render(request, "insight/duplicates.html", {"groups": services.duplicate_groups()})
