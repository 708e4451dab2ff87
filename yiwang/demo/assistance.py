"""The demo district's social-assistance data centre: synthetic records from 18 departments (no real
person; yiwang.assistance.synthetic), linked to people and households, the rules run, warnings in
every grade and state, and pairs waiting for review. The size is a setting
(YIWANG_DEMO_ASSISTANCE_RECORDS, 30,000 by default so the demo starts in a minute or two; 城阳 has 90,000)."""
import datetime as dt

from django.conf import settings
from django.utils import timezone

from yiwang.orgs.models import Unit

DEPARTMENT_CODES = {"区民政局": "YX-MZ", "区残疾人联合会": "YX-CL", "区人力资源和社会保障局": "YX-RS", "区医疗保障局": "YX-YB",
                    "区教育和体育局": "YX-JY", "区住房和城乡建设局": "YX-ZJ", "区卫生健康局": "YX-WJ", "公安分局": "YX-GA",
                    "区乡村振兴局": "YX-XCZX", "区总工会": "YX-ZGH", "区慈善总会": "YX-CS"}


def build(users, now):
    from yiwang.assistance import importing, linking, services, synthetic
    from yiwang.assistance.models import Alert, PovertyLine

    from .loader import _user

    district = Unit.objects.get(kind=Unit.Kind.DISTRICT)
    for name, code in DEPARTMENT_CODES.items():
        if not Unit.objects.filter(code=code).exists():
            Unit.objects.create(code=code, name=name, kind=Unit.Kind.BUREAU, parent=district, handles_orders=False)
    users["assistance"] = _user("assistance", "郭敏（救助中心）", ["assistance"], "YX-MZ")
    users["mz_staff"] = _user("mz_staff", "韩冬（民政局）", ["unit_staff"], "YX-MZ")
    users["cl_staff"] = _user("cl_staff", "罗静（残联）", ["unit_staff"], "YX-CL")
    today = timezone.localdate(now)
    for year in {2026, today.year}:
        PovertyLine.objects.get_or_create(year=year, defaults={"monthly": 1000, "edge_multiple": 1.5})
    streets = [(s.name, [c.name for c in s.children.filter(kind=Unit.Kind.COMMUNITY)])
               for s in Unit.objects.filter(kind=Unit.Kind.STREET).order_by("code")]
    generated = synthetic.generate(settings.DEMO_ASSISTANCE_RECORDS, streets=streets, seed=4, today=today)
    for spec in generated.specs:
        unit = Unit.objects.get(code=DEPARTMENT_CODES[spec.unit])
        src = importing.source_for(spec.code, name=spec.name, unit=unit, help=spec.help, fact=spec.fact)
        parsed = importing.read(name=f"{spec.name}.csv", content=synthetic.csv_bytes(generated.files[spec.code]),
                                source=src)
        importing.replace(src, parsed, actor=users["assistance"], file_name=f"{spec.name}.csv",
                          now=now - dt.timedelta(days=2))
    linking.run(now=now)
    analyst = users["assistance"]
    services.evaluate(actor=analyst, now=now)
    # Visits in every outcome: helped, referred (one answered), not needed.
    opened = list(Alert.objects.filter(state=Alert.State.OPEN, street__isnull=False).order_by("pk")[:6])
    staff = {u.staff.unit_id: u for u in users.values() if getattr(u, "staff", None) and u.staff.unit_id}
    minzheng = Unit.objects.get(code="YX-MZ")
    for i, alert in enumerate(opened[:3]):
        visitor = staff.get(alert.street_id) or analyst
        if i == 0:
            services.record_visit(actor=visitor, alert=alert, found="入户核实，家庭困难属实", outcome="helped",
                                  help="temporary", amount=1000, to_unit=minzheng, also=True)
        elif i == 1:
            services.record_visit(actor=visitor, alert=alert, found="入户核实，医疗负担重", outcome="referred",
                                  help="medical_aid", to_unit=minzheng, note="申请医疗救助")
        else:
            services.record_visit(actor=visitor, alert=alert, found="入户核实", outcome="not_needed",
                                  note="子女已承担医疗费用，无需救助")
