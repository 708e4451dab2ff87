from django.db import migrations

# Common practice (see docs/operator.md): dispatch within 2 h, return within 2 working days,
# reply within 5 working days, extension at most 10 working days. Administrators change them.
POLICIES = [
    dict(name="一般工单", order_type="", urgency="", dispatch_hours=2, sign_for_hours=4, handle_workdays=5),
    dict(name="紧急工单", order_type="", urgency="urgent", dispatch_hours=1, sign_for_hours=1, handle_workdays=2),
    dict(name="特急工单", order_type="", urgency="critical", dispatch_hours=1, sign_for_hours=1, handle_workdays=1,
         warn_yellow_workdays=1, warn_red_workdays=0),
    dict(name="咨询", order_type="consult", urgency="", dispatch_hours=2, sign_for_hours=4, handle_workdays=3),
    dict(name="投诉", order_type="complaint", urgency="", dispatch_hours=2, sign_for_hours=4, handle_workdays=5),
    dict(name="建议", order_type="suggestion", urgency="", dispatch_hours=24, sign_for_hours=24, handle_workdays=10,
         rework_workdays=10),
]


def seed(apps, schema_editor):
    Policy = apps.get_model("workorders", "TimeLimitPolicy")
    for p in POLICIES:
        Policy.objects.get_or_create(order_type=p["order_type"], urgency=p["urgency"], defaults=p)


class Migration(migrations.Migration):
    dependencies = [("workorders", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
