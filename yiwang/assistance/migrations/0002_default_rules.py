from django.db import migrations


def seed(apps, schema_editor):
    from yiwang.assistance.rules import DEFAULTS

    Rule = apps.get_model("assistance", "Rule")
    for code, name, kind, help, grade, conditions in DEFAULTS:
        Rule.objects.get_or_create(code=code, defaults={"name": name, "kind": kind, "help": help, "grade": grade,
                                                        "conditions": conditions})


class Migration(migrations.Migration):
    dependencies = [("assistance", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
