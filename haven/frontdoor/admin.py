from django.contrib import admin

from haven.frontdoor.models import TriageClock


@admin.register(TriageClock)
class TriageClockAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The authority's clock per RAG rating (a rating with no row uses Haven's default:
    red 4 hours, amber 1 working day, green 3 working days)."""

    list_display = ("rating", "hours", "working_days")
