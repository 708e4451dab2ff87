import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def link_portal_orders(apps, schema_editor):
    """Problems raised on the portal before this model were orders of the enterprise channel, not from a
    visit, titled "<enterprise name>：…": link them to their enterprise (the page used to find them by phone)."""
    Enterprise = apps.get_model("enterprises", "Enterprise")
    Problem = apps.get_model("enterprises", "Problem")
    PortalProblem = apps.get_model("enterprises", "PortalProblem")
    WorkOrder = apps.get_model("workorders", "WorkOrder")
    from_visits = Problem.objects.filter(order__isnull=False).values("order_id")
    for enterprise in Enterprise.objects.all().iterator():
        for order in (WorkOrder.objects.filter(channel="enterprise", title__startswith=f"{enterprise.name}：")
                      .exclude(pk__in=from_visits)):
            PortalProblem.objects.get_or_create(order=order, defaults={"enterprise": enterprise,
                                                                       "raised_at": order.created_at})


class Migration(migrations.Migration):

    dependencies = [
        ('enterprises', '0003_closed_unclassified_and_import_sources'),
        ('workorders', '0015_numbered_notices'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PortalProblem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('raised_at', models.DateTimeField(verbose_name='raised at')),
                ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='portal_problems', to='enterprises.enterprise')),
                ('order', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='portal_problem', to='workorders.workorder')),
                ('raised_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'problem raised on the portal',
                'verbose_name_plural': 'problems raised on the portal',
                'ordering': ['-raised_at'],
            },
        ),
        migrations.RunPython(link_portal_orders, migrations.RunPython.noop),
    ]
