"""The shape of every workflow step page: load the child through the access policy, validate a
form, call one service, turn refusals into GOV.UK error messages, and go back to the record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from haven.access import policy
from haven.access.roles import Capability
from haven.core.errors import RuleBroken
from haven.core.models import AuditEvent
from haven.core.services import audit, audit_list_read
from haven.people.models import Person


def get_child_or_404(
    request: HttpRequest, pk: Any, capability: str = Capability.VIEW_CASE
) -> Person:
    """The child if this user may do `capability` on them (by default: see them); a 404
    otherwise, the same as for no child (R6). `child.access_reason` says why it was allowed."""
    try:
        return policy.get_child_for_user(request.user, pk, capability)
    except policy.ChildNotFound:
        # Denials are audited too (security R3): who asked for which record, and where.
        audit(
            actor=request.user,
            action=AuditEvent.Action.DENY,
            object_type="people.person",
            object_id=str(pk)[:40],
            child_id=int(pk) if str(pk).isdigit() and int(pk) < 2**63 else None,
            detail=(request.resolver_match.url_name or "") if request.resolver_match else "",
            reason="no relationship, or no such record",
        )
        raise Http404("No child found") from None


def audited_read(
    request: HttpRequest, child: Person, detail: str, respond: Callable[[], HttpResponse]
) -> HttpResponse:
    """One audit row for a read of the child's data, written in the same transaction as the
    page is rendered: if the audit write fails, nothing about the child is returned (security
    R1, R2). The row says why the user could see the child (the policy's reason)."""
    with transaction.atomic():
        audit(
            actor=request.user,
            action=AuditEvent.Action.VIEW,
            obj=child,
            child_id=child.pk,
            detail=detail[:200],
            reason=getattr(child, "access_reason", ""),
        )
        response = respond()
        if isinstance(response, TemplateResponse):
            response.render()
    return response


def get_for_child_or_404(
    queryset: models.QuerySet[Any], child_path: str, child: Person, pk: Any
) -> Any:
    """A record that belongs to this child, or 404."""
    try:
        return queryset.get(pk=pk, **{child_path: child})
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404("No record found") from None


class ServiceFormMixin:
    """A form page that makes one service call: a refusal (RuleBroken) becomes a GOV.UK error
    on the form and changes nothing; success shows a message and redirects."""

    success_message = "Saved"
    request: HttpRequest

    def perform(self, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def get_success_message(self) -> str:
        return self.success_message

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.perform(form.cleaned_data)
        except RuleBroken as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            return self.form_invalid(form)  # type: ignore[attr-defined,no-any-return]
        except policy.AccessDenied:
            raise PermissionDenied from None
        messages.success(self.request, self.get_success_message())
        return HttpResponseRedirect(self.get_success_url())  # type: ignore[attr-defined]


class ChildStepView(ServiceFormMixin, LoginRequiredMixin, FormView):  # type: ignore[type-arg]
    """Subclasses set `form_class` (whose `title` is the page heading unless `title` is set),
    `success_message`, and implement `perform`."""

    template_name = "core/step_form.html"
    # Loading the child needs `load_capability` (404 otherwise, as for no child); the step
    # itself needs `capability` (403 otherwise).
    load_capability: str = Capability.VIEW_CASE
    capability: str = Capability.CHANGE_CASE
    title = ""
    submit_label = "Save"
    return_tab = "people:child_episodes"
    child: Person

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.child = get_child_or_404(request, kwargs["pk"], self.load_capability)
        # Seeing the child is not enough to record work: a role that may only read gets a
        # plain refusal (the child's existence is no secret to someone who may see them).
        if not policy.can(request.user, self.capability, self.child):
            raise PermissionDenied
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The form page shows the child. A re-rendered POST shows only what was just typed.
        detail = (request.resolver_match.url_name or "") if request.resolver_match else ""
        return audited_read(
            request,
            self.child,
            detail,
            lambda: super(ChildStepView, self).get(request, *args, **kwargs),
        )

    def load(self, **kwargs: Any) -> None:
        """Load the record the step acts on (checked to belong to `self.child`)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            child=self.child,
            title=self.title or getattr(self.form_class, "title", ""),
            submit_label=self.submit_label,
            cancel_url=self.get_success_url(),
        )
        return context

    def get_success_url(self) -> str:
        return reverse(self.return_tab, kwargs={"pk": self.child.pk})


class StaffPageView(LoginRequiredMixin, TemplateView):
    """A page for staff whose role has `capability`; anyone else signed in is refused."""

    capability: str = Capability.VIEW_CASE

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not policy.has_capability(request.user, self.capability):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def worker(self) -> Any:
        return getattr(self.request.user, "worker", None)


class ChildPageView(StaffPageView):
    """A page about one child. Loads the child through the access policy before anything else,
    so that anyone who may not do `capability` to them gets the same 404 as for no child, and
    writes one audit row for the read in the same transaction as the page (security R1, R2:
    if the audit write fails, nothing about the child is returned)."""

    audit_detail = ""
    child: Person

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            self.child = get_child_or_404(request, kwargs["pk"], self.capability)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return audited_read(
            request,
            self.child,
            self.audit_detail,
            lambda: super(ChildPageView, self).get(request, *args, **kwargs),
        )


class ListPageView(StaffPageView):
    """A page that lists children by name: one audit row per child shown, written in the same
    transaction as the page (security R1, R2). Subclasses say which children they showed."""

    list_detail = ""
    list_reason = ""

    def listed_child_ids(self, context: dict[str, Any]) -> list[int]:
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().get(request, *args, **kwargs)
            if isinstance(response, TemplateResponse):
                ids = self.listed_child_ids(response.context_data or {})
                audit_list_read(
                    actor=request.user,
                    child_ids=ids,
                    detail=self.list_detail,
                    reason=self.list_reason,
                )
                response.render()
        return response
