"""AutosaveMixin: a step page that opts in to autosaved drafts (security reference R17).

Put it before ChildStepView: ``class VisitCreateView(AutosaveMixin, ChildStepView)``. The page
then

* marks its form with ``data-autosave-url`` so haven/static/js/autosave.js saves the answers
  to /drafts/save/ while they are typed;
* on GET, fills the form from the user's draft of this page, if any, and shows a banner that
  says so, with a button to discard it;
* keeps the answers of a POST that fails validation as the draft, and removes the draft when
  the form is saved.

The draft's key is the page's path, so a draft belongs to one form for one child (and one
record, where the path names one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, ResolverMatch, resolve, reverse

from haven.access import policy
from haven.drafts import services
from haven.drafts.models import Draft

if TYPE_CHECKING:
    from django import forms

    from haven.core.steps import ChildStepView

    _Base = ChildStepView
else:
    _Base = object

MAX_KEY_LENGTH = 255


class AutosaveMixin(_Base):
    """Autosaved drafts for a ChildStepView (see the module's docstring)."""

    template_name = "drafts/step_form.html"
    # Fields never kept in a draft (e.g. a honeypot), besides files and passwords.
    autosave_exclude: tuple[str, ...] = ()
    draft: Draft | None = None
    request: HttpRequest

    @property
    def autosave_key(self) -> str:
        return self.request.path_info

    def get_form(self, form_class: Any = None) -> forms.BaseForm:
        form: forms.BaseForm = super().get_form(form_class)
        if self.request.method in ("GET", "HEAD"):
            self.draft = services.draft_for(user=self.request.user, key=self.autosave_key)
            if self.draft is not None:
                restored = services.draft_initial(form, self.draft.data, self.autosave_exclude)
                form.initial = {**form.initial, **restored}
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            draft=self.draft,
            autosave_url=reverse("drafts:save"),
            autosave_key=self.autosave_key,
        )
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if isinstance(response, HttpResponseRedirect):  # saved: the draft has done its job
            services.draft_discard(user=self.request.user, key=self.autosave_key)
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        """Keep what was posted as the draft: the page shows it with errors, and the draft
        has it if the user goes away before fixing them."""
        self.autosave_keep(form)
        return super().form_invalid(form)  # type: ignore[no-any-return]

    def autosave_keep(self, form: forms.BaseForm) -> None:
        try:
            policy.require_change(self.request.user, self.child)
            services.draft_save(
                user=self.request.user,
                key=self.autosave_key,
                child_id=self.child.pk,
                data=services.draft_data(form, self.request.POST, self.autosave_exclude),
            )
        except (policy.AccessDenied, services.DraftTooLarge):
            pass


def autosave_page(key: str) -> ResolverMatch | None:
    """The URL match of the child's step page at path `key` if that page autosaves drafts;
    None for anything else (another page, no page, or not a plain path)."""
    if (
        not key.startswith("/")
        or key.startswith("//")
        or len(key) > MAX_KEY_LENGTH
        or not key.isprintable()
        or any(c in key for c in "?#\\ ")
    ):
        return None
    try:
        match = resolve(key)
    except Resolver404:
        return None
    view_class = getattr(match.func, "view_class", None)
    if (
        not isinstance(view_class, type)
        or not issubclass(view_class, AutosaveMixin)
        or "pk" not in match.kwargs
    ):
        return None
    return match
