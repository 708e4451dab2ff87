from django.db import migrations

from yiwang import history

# The milestones every project starts with (国办发〔2019〕11号's four approval stages marked); the
# administrators edit them per kind.
STEPS = [("signing", "签约", 0, "approval"), ("approval", "立项", 1, "approval"), ("land", "用地", 1, "approval"),
         ("planning", "规划许可", 2, "approval"), ("permit", "施工许可", 3, "approval"),
         ("start", "开工", 0, "delivery"), ("structure", "主体完工", 0, "delivery"),
         ("completion", "竣工验收", 4, "approval"), ("operation", "投产", 0, "delivery")]
# Infrastructure and livelihood projects are handed over (交付使用) rather than put into production.
OPERATION = {"industry": "投产", "infrastructure": "交付使用", "livelihood": "交付使用"}


def forwards(apps, schema_editor):
    Step = apps.get_model("projects", "Step")
    for kind, last in OPERATION.items():
        for seq, (code, name, stage, oc4ids_type) in enumerate(STEPS, start=1):
            Step.objects.get_or_create(kind=kind, code=code, defaults={
                "seq": seq, "name": last if code == "operation" else name, "stage": stage, "oc4ids_type": oc4ids_type})


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial"), ("workorders", "0009_purge_under_flag"), ("audit", "0001_initial")]
    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        history.append_only("projects_projectevent"),
        history.append_only("projects_acceptanceevent"),
        history.append_only("projects_interestevent"),
    ]
