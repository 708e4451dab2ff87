"""Excel exports of work orders and of import reports. Personal numbers are always masked here."""
from django.utils.translation import gettext as _

from yiwang.documents.excel import Sheet
from yiwang.privacy.masking import mask_id_number, mask_numbers_in_text, mask_phone

from . import deadlines, importer, permissions


def orders_workbook(user, orders):
    clock = deadlines.Clock.load()
    sheet = Sheet(_("Work orders"), [
        _("Order number"), _("Received at"), _("Type"), _("Channel"), _("Urgency"), _("Title"), _("Category"),
        _("Street"), _("Address"), _("Caller name"), _("Caller phone"), _("ID-card number"), _("Status"),
        _("Lead unit"), _("Deadline"), _("Time left"), _("Satisfaction")],
        widths=(16, 17, 8, 10, 8, 40, 24, 12, 24, 10, 14, 20, 14, 16, 17, 16, 10))
    for o in orders:
        hidden = permissions.caller_hidden(user, o)
        warning = deadlines.warning(o, clock)
        sheet.row([
            o.number, o.created_at, o.get_order_type_display(), o.get_channel_display(), o.get_urgency_display(),
            mask_numbers_in_text(o.title), o.category.path if o.category else "", o.street.name if o.street else "", o.address,
            _("Confidential") if hidden else o.caller_name,
            "" if hidden else mask_phone(o.caller_phone), "" if hidden else mask_id_number(o.caller_id_number),
            o.get_status_display(), o.lead_unit.name if o.lead_unit else "", o.deadline,
            warning.text + (f"（{_('provisional')}）" if warning.provisional else ""), o.get_satisfaction_display(),
        ])
    return sheet.content()


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
