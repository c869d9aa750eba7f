"""Find a child or adult: a GET form and a table of the best matches."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.generic import TemplateView

from haven.access import policy
from haven.search import selectors
from haven.search.forms import PersonSearchForm

RESULT_LIMIT = 25


class PersonSearchView(LoginRequiredMixin, TemplateView):
    template_name = "search/person_search.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not policy.is_authority_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

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
            **kwargs,
        )
