"""Excel exports of work orders and of import reports. Personal numbers are always masked here."""
from django.utils.translation import gettext as _

from yiwang.documents.excel import Sheet, StreamSheet
from yiwang.privacy.masking import mask_id_number, mask_numbers_in_text, mask_phone

from . import deadlines, importer, permissions


HEADERS = [_("Order number"), _("Received at"), _("Type"), _("Channel"), _("Urgency"), _("Title"), _("Category"),
           _("Street"), _("Address"), _("Caller name"), _("Caller phone"), _("ID-card number"), _("Status"),
           _("Lead unit"), _("Deadline"), _("Time left"), _("Satisfaction")]
WIDTHS = (16, 17, 8, 10, 8, 40, 24, 12, 24, 10, 14, 20, 14, 16, 17, 16, 10)


def order_rows(user, orders):
    """Each order as a row of the export, personal numbers masked."""
    clock = deadlines.Clock.load()
    for o in orders:
        hidden = permissions.caller_hidden(user, o)
        warning = deadlines.warning(o, clock)
        yield [
            o.number, o.created_at, o.get_order_type_display(), o.get_channel_display(), o.get_urgency_display(),
            mask_numbers_in_text(o.title), o.category.path if o.category else "", o.street.name if o.street else "", o.address,
            _("Confidential") if hidden else o.caller_name,
            "" if hidden else mask_phone(o.caller_phone), "" if hidden else mask_id_number(o.caller_id_number),
            o.get_status_display(), o.lead_unit.name if o.lead_unit else "", o.deadline,
            warning.text + (f"（{_('provisional')}）" if warning.provisional else ""), o.get_satisfaction_display(),
        ]


def orders_workbook(user, orders):
    sheet = Sheet(_("Work orders"), [str(h) for h in HEADERS], widths=WIDTHS)
    for row in order_rows(user, orders):
        sheet.row(row)
    return sheet.content()


def build_job(job_id):
    """Build an export job's file: the rows its filters select for its owner, as the list shows
    them, written as they are read (bounded memory), the progress saved every few thousand rows."""
    import os
    import tempfile

    from django.conf import settings
    from django.core.files import File
    from django.utils import timezone
    from django.utils.translation import override

    from yiwang import replica
    from yiwang.audit.services import record

    from . import selectors
    from .models import ExportJob

    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    if job.state == ExportJob.State.DONE:  # delivered twice: built once
        return job
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.RUNNING, failure="", done=0)
    path = None
    try:
        with override(settings.LANGUAGE_CODE), replica.reads():
            orders = selectors.search(job.owner, job.query).select_related(
                "lead_unit", "category__parent__parent", "street")[:settings.EXPORT_MAX_ROWS]
            total = orders.count()
            ExportJob.objects.filter(pk=job.pk).update(total=total)
            sheet = StreamSheet(_("Work orders"), [str(h) for h in HEADERS], widths=WIDTHS)
            for done, row in enumerate(order_rows(job.owner, orders.iterator(chunk_size=2000)), start=1):
                sheet.row(row)
                if done % 2000 == 0:
                    ExportJob.objects.filter(pk=job.pk).update(done=done)
            fd, path = tempfile.mkstemp(suffix=".xlsx")
            os.close(fd)
            sheet.save(path)
        with open(path, "rb") as f:
            job.file.save(f"workorders-{job.pk}-{timezone.localtime():%Y%m%d-%H%M%S}.xlsx", File(f), save=False)
        job.state, job.done, job.total, job.finished_at = ExportJob.State.DONE, total, total, timezone.now()
        job.save(update_fields=["file", "state", "done", "total", "finished_at"])
        record("workorders.exported", actor=job.owner, target=f"export:{job.pk}", detail={"rows": total,
                                                                                           "filters": job.query})
    except Exception as exc:
        ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.FAILED, failure=str(exc)[:2000],
                                                   finished_at=timezone.now())
        raise
    finally:
        if path:
            os.unlink(path)
    return job


OUTCOMES = {"created": _("Imported"), "skipped": _("Skipped"), "error": _("Error")}


def import_report_workbook(batch):
    sheet = Sheet(_("Import report"), [_("Row"), importer.COLUMN["source_ref"], _("Outcome"), _("Order number"),
                                       _("Message")], widths=(8, 18, 10, 18, 80))
    for r in batch.report:
        sheet.row([r["row"], r.get("ref", ""), str(OUTCOMES.get(r["outcome"], r["outcome"])), r["number"],
                   r["message"]])
    return sheet.content()


def import_template_workbook():
    """The columns an import takes, with one example row of a closed order."""
    columns = ["外部编号", "受理时间", "类型", "渠道", "紧急程度", "标题", "内容", "来电人", "电话", "身份证号", "分类",
               "街道", "社区", "地址", "保密", "状态", "主办单位", "派单时间", "签收时间", "答复内容", "答复时间", "回访时间",
               "满意度", "是否解决", "办结时间"]
    sheet = Sheet(_("Work orders"), columns, widths=[14] * len(columns))
    sheet.row(["OLD-2026-000001", "2026-05-06 09:12", "求助", "热线电话", "一般", "路灯不亮", "翠湖路两盏路灯不亮。", "张先生",
               "13905310001", "", "城市管理/市政设施/路灯故障", "", "", "翠湖路1号", "否", "已办结", "", "2026-05-06 10:00",
               "2026-05-06 11:00", "已更换灯泡。", "2026-05-08 16:00", "2026-05-09 10:00", "满意", "是",
               "2026-05-09 10:00"])
    return sheet.content()
