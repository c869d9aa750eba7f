"""A disability that no longer applies is marked removed, not deleted (security reference R29).

Each code is recorded once among a person's current disabilities (census rule 8794); removed
rows stay as part of the record, so the same code may appear again among them.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_person_version"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="persondisability",
            name="person_disability_unique",
        ),
        migrations.AddField(
            model_name="persondisability",
            name="removed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="persondisability",
            constraint=models.UniqueConstraint(
                condition=models.Q(("removed_at__isnull", True)),
                fields=("person", "code"),
                name="person_disability_unique",
                violation_error_message="A disability code is recorded once (census rule 8794).",
            ),
        ),
    ]
