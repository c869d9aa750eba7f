"""Find a child or adult: a GET form and a table of the best matches."""

from __future__ import annotations

from typing import Any

from haven.access import policy
from haven.access.roles import Capability
from haven.core.steps import ListPageView
from haven.search import selectors
from haven.search.forms import PersonSearchForm

RESULT_LIMIT = 25


class PersonSearchView(ListPageView):
    template_name = "search/person_search.html"
    # The search itself is one SEARCH row (its kind, never its text); each person shown in the
    # results is one VIEW row.
    list_detail = "search result"
    list_reason = "search"

    def listed_child_ids(self, context: dict[str, Any]) -> list[int]:
        return [match.person_id for match in context.get("matches", [])]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = PersonSearchForm(self.request.GET or None)
        matches: list[selectors.PersonMatch] = []
        searched = False
        if form.is_bound and form.is_valid() and form.has_search:
            searched = True
            matches = selectors.person_search(
                user=self.request.user,
                query=form.cleaned_data["q"],
                date_of_birth=form.cleaned_data["date_of_birth"],
                limit=RESULT_LIMIT,
            )
        return super().get_context_data(
            form=form,
            matches=matches,
            searched=searched,
            more_may_match=len(matches) >= RESULT_LIMIT,
            can_break_glass=policy.has_capability(self.request.user, Capability.BREAK_GLASS),
            **kwargs,
        )
