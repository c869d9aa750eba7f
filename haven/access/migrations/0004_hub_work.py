"""Hub work (the front-door issue): MASH officers and emergency duty workers may work on
contacts. Adds the capability to those roles' rows, leaving any other change an administrator
made to them alone."""

from typing import Any

from django.db import migrations

ROLES = ("MASH_OFFICER", "EMERGENCY_DUTY")


def add(apps: Any, schema_editor: Any) -> None:
    role_model = apps.get_model("access", "Role")
    for role in role_model.objects.filter(code__in=ROLES):
        if "hub.work" not in role.capabilities:
            role.capabilities = sorted([*role.capabilities, "hub.work"])
            role.save(update_fields=["capabilities"])


def remove(apps: Any, schema_editor: Any) -> None:
    role_model = apps.get_model("access", "Role")
    for role in role_model.objects.filter(code__in=ROLES):
        role.capabilities = [c for c in role.capabilities if c != "hub.work"]
        role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("access", "0003_alter_role_capabilities")]
    operations = [migrations.RunPython(add, remove)]
