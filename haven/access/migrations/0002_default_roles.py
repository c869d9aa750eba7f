"""The roles Haven ships with (haven/access/roles.py), and change history on grants and
restrictions (security reference R28), kept by the same trigger as every child-linked table."""

from typing import Any

from django.db import migrations

from haven.access.roles import DEFAULT_ROLES

TABLES = ["access_accessgrant", "access_restriction"]
FORWARD = "".join(
    f"CREATE TRIGGER record_history AFTER INSERT OR UPDATE OR DELETE ON {table} "
    "FOR EACH ROW EXECUTE FUNCTION haven_record_history();\n"
    for table in TABLES
)
BACKWARD = "".join(f"DROP TRIGGER IF EXISTS record_history ON {table};\n" for table in TABLES)


def seed_roles(apps: Any, schema_editor: Any) -> None:
    role_model = apps.get_model("access", "Role")
    for definition in DEFAULT_ROLES.values():
        role_model.objects.update_or_create(
            code=definition.code,
            defaults={
                "name": definition.name,
                "description": definition.description,
                "scope": str(definition.scope),
                "capabilities": sorted(str(c) for c in definition.capabilities),
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0001_initial"),
        ("core", "0007_history_triggers"),
    ]
    operations = [
        migrations.RunPython(seed_roles, migrations.RunPython.noop),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
