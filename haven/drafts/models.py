"""A user's unsaved answers to one form page."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Draft(models.Model):
    """What one user has typed into one form page and not yet saved (security reference R17).

    Not a case record: it is private to its author, overwritten by every autosave and deleted
    when the form is saved or the draft discarded. `key` is the form page's path, e.g.
    "/people/12/visits/new/"; `data` maps the form's input names to a value or a list of
    values, and holds only inputs the form declares (no CSRF token, files or passwords).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # The child whose record the form is for: a plain number, so a draft never blocks
    # anything that happens to the child's record.
    child_id = models.BigIntegerField()
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="draft_one_per_user_and_page"),
        ]

    def __str__(self) -> str:
        return f"Draft {self.pk} of {self.key}"
