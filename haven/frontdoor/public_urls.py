"""Report a concern about a child: public pages, no account (mounted at /report-a-concern/)."""

app_name = "public"
urlpatterns: list = []  # type: ignore[type-arg]
