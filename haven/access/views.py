"""Restriction, named access and emergency access pages (security reference R7, R8)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from haven.access import forms, policy, selectors, services
from haven.access.models import AccessGrant, AccessNotification
from haven.access.roles import Capability
from haven.core.errors import RuleBroken
from haven.core.forms import BaseForm
from haven.core.steps import ChildPageView, ChildStepView


class ChildAccessView(ChildPageView):
    """Whether the record is restricted, and who holds named or emergency access to it."""

    capability = Capability.RESTRICT
    audit_detail = "access"
    template_name = "access/child_access.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            child=self.child,
            restriction=selectors.current_restriction(self.child),
            grants=selectors.active_grants(self.child),
            **kwargs,
        )


class AccessStepView(ChildStepView):
    load_capability = Capability.RESTRICT
    capability = Capability.RESTRICT
    return_tab = "access:child_access"


class RestrictView(AccessStepView):
    form_class = forms.RestrictForm
    success_message = "The record is restricted"

    def perform(self, data: dict[str, Any]) -> None:
        services.restriction_set(
            acting_user=self.request.user,
            child=self.child,
            reason=data["reason"],
            explanation=data["explanation"],
        )


class LiftForm(BaseForm):
    title = "Lift the restriction"
    submit_label = "Lift the restriction"


class LiftRestrictionView(AccessStepView):
    form_class = LiftForm
    success_message = "The restriction is lifted"
    intro = "Everyone who works with the child will be able to see the record again."

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(intro=self.intro, **kwargs)

    def perform(self, data: dict[str, Any]) -> None:
        services.restriction_lift(acting_user=self.request.user, child=self.child)


class NamedGrantView(AccessStepView):
    form_class = forms.NamedGrantForm
    success_message = "Access given"

    def perform(self, data: dict[str, Any]) -> None:
        services.grant_named(
            acting_user=self.request.user,
            child=self.child,
            username=data["username"],
            reason=data["reason"],
        )


class RevokeForm(BaseForm):
    title = "Remove this person's access"
    submit_label = "Remove access"


class RevokeGrantView(AccessStepView):
    form_class = RevokeForm
    success_message = "Access removed"

    grant: AccessGrant

    def load(self, **kwargs: Any) -> None:
        grant = AccessGrant.objects.filter(
            pk=kwargs["grant_pk"], child=self.child, revoked_at__isnull=True
        ).first()
        if grant is None:
            raise Http404("No grant found")
        self.grant = grant

    def perform(self, data: dict[str, Any]) -> None:
        services.grant_revoke(acting_user=self.request.user, grant=self.grant)


class EmergencyAccessView(LoginRequiredMixin, FormView):  # type: ignore[type-arg]
    """Break-glass. The page says nothing about the record until access is granted, so it looks
    the same for every number, and the number is checked only after re-authentication."""

    template_name = "access/emergency_access.html"
    form_class = forms.EmergencyAccessForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not policy.has_capability(request.user, Capability.BREAK_GLASS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            record_number=self.kwargs["pk"], minutes=services.EMERGENCY_ACCESS_MINUTES, **kwargs
        )

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            grant = services.emergency_access(
                acting_user=self.request.user,
                child_id=self.kwargs["pk"],
                reason_category=form.cleaned_data["reason_category"],
                reason=form.cleaned_data["reason"],
                password=form.cleaned_data["password"],
                code=form.cleaned_data["code"],
            )
        except RuleBroken as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            return self.form_invalid(form)
        until = timezone.localtime(grant.expires_at)
        messages.success(
            self.request,
            f"You have emergency access to this record until {until:%H:%M}. Your manager and "
            "the data protection officer have been told.",
        )
        return HttpResponseRedirect(
            reverse("people:child_chronology", kwargs={"pk": grant.child_id})
        )


class NotificationsView(LoginRequiredMixin, TemplateView):
    """Emergency access uses for this user to review (sent to managers and the DPO)."""

    template_name = "access/notifications.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            notifications=selectors.unread_notifications(self.request.user), **kwargs
        )


class NotificationReviewedView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, notification_pk: int) -> HttpResponse:
        notification = AccessNotification.objects.filter(
            pk=notification_pk, recipient_id=request.user.pk
        ).first()
        if notification is None:
            raise Http404("No notification found")
        services.notification_mark_read(acting_user=request.user, notification=notification)
        messages.success(request, "Marked as reviewed")
        return HttpResponseRedirect(reverse("access:notifications"))
