"""Role permissions belong to the administrators: an upgrade never puts back what they took away."""
from django.contrib.auth.models import Group
from django.core.management import call_command


def test_a_revoked_permission_survives_migrate(db):
    agent = Group.objects.get(name="agent")
    assert agent.permissions.filter(codename="reveal_personal_data").exists()  # the default
    agent.permissions.clear()
    call_command("migrate", verbosity=0)
    assert not Group.objects.get(name="agent").permissions.exists()


def test_a_missing_role_group_is_made_with_its_defaults(db):
    Group.objects.filter(name="callback").delete()
    call_command("migrate", verbosity=0)
    assert Group.objects.get(name="callback").permissions.filter(codename="reveal_personal_data").exists()
