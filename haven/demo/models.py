"""A record of the synthetic borough generated into this database (one row per database)."""

from __future__ import annotations

from django.db import models


class BoroughGeneration(models.Model):
    """What `manage.py generate_borough` built: its size, seed and as-of date, and how fast."""

    class Size(models.TextChoices):
        DEMO = "demo", "Demo"
        MEDIUM = "medium", "Medium"
        LARGE = "large", "Large"

    size = models.CharField(max_length=10, choices=Size.choices)
    seed = models.BigIntegerField()
    as_of = models.DateField("history ends on")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    # Rows written per database table, keyed by table name.
    counts = models.JSONField(default=dict)
    rows_per_second = models.FloatField()

    def __str__(self) -> str:
        return f"{self.get_size_display()} borough, seed {self.seed}, as of {self.as_of:%d %B %Y}"

    @property
    def total_rows(self) -> int:
        return sum(int(n) for n in self.counts.values())

    @property
    def elapsed_seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()
