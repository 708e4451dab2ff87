from django.db import migrations

# The recognitions most districts track; administrators add their own in the admin.
LABELS = [("high_tech", "高新技术企业", 3), ("specialised", "专精特新中小企业", 3), ("little_giant", "专精特新“小巨人”企业", 3),
          ("tech_sme", "科技型中小企业", 1), ("gazelle", "瞪羚企业", None), ("listed", "上市企业", None)]


def forwards(apps, schema_editor):
    Label = apps.get_model("enterprises", "Label")
    for code, name, years in LABELS:
        Label.objects.get_or_create(code=code, defaults={"name": name, "years_valid": years})


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
