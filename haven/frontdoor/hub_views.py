"""The hub: the queue of contacts and recording a contact taken by phone or email."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView

from haven.access import policy
from haven.access.roles import Capability
from haven.core.errors import RuleBroken
from haven.core.steps import ListPageView, ServiceFormMixin, StaffPageView
from haven.frontdoor import hub_forms, selectors, services
from haven.frontdoor.models import Contact


class HubQueueView(ListPageView):
    capability = Capability.HUB_WORK
    template_name = "frontdoor/hub_queue.html"
    list_detail = "listed in the hub queue"
    list_reason = "MASH enquiry in progress"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        now = timezone.now()
        return super().get_context_data(contacts=selectors.hub_queue(now=now), now=now, **kwargs)

    def listed_child_ids(self, context: dict[str, Any]) -> list[int]:
        return [
            p.person_id
            for contact in context.get("contacts", [])
            for p in contact.people.all()
            if p.person_id is not None
        ]


class ContactView(ListPageView):
    """One contact as it came in. Reading it is audited, with each linked child."""

    capability = Capability.HUB_WORK
    template_name = "frontdoor/contact.html"
    list_detail = "contact opened in the hub"
    list_reason = "MASH enquiry in progress"

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Outside the hub, the contact is open to those the access policy lets see every child
        # it was linked to (the allocated social worker after a referral), to read only.
        user = request.user
        if user.is_authenticated and not policy.has_capability(user, Capability.HUB_WORK):
            if not selectors.contact_open_to_case_worker(user, kwargs["contact_id"]):
                raise PermissionDenied
            self.capability = Capability.VIEW_CASE
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        now = timezone.now()
        contact = selectors.contact_get(self.kwargs["contact_id"], now=now)
        if contact is None:
            raise Http404("No contact found")
        user = self.request.user
        return super().get_context_data(
            contact=contact,
            requests=selectors.contact_requests(contact, now=now),
            can_work=policy.has_capability(user, Capability.HUB_WORK),
            can_decide=policy.has_capability(user, Capability.HUB_DECIDE),
            **kwargs,
        )

    def listed_child_ids(self, context: dict[str, Any]) -> list[int]:
        return [p.person_id for p in context["contact"].people.all() if p.person_id is not None]


class ContactRecordView(ServiceFormMixin, StaffPageView, FormView):  # type: ignore[type-arg]
    capability = Capability.HUB_WORK
    template_name = "frontdoor/contact_record.html"
    form_class = hub_forms.ContactRecordForm

    def form_valid(self, form: Any) -> HttpResponse:
        self.form = form
        return super().form_valid(form)

    def perform(self, data: dict[str, Any]) -> None:
        form = self.form
        self.contact = services.contact_record(
            acting_user=self.request.user,
            received_at=form.received_at(),
            channel=data["channel"],
            source=data["source"],
            concern=data["concern"],
            family_aware=data["family_aware"],
            **form.named(),
        )

    def get_success_message(self) -> str:
        return f"Contact {self.contact.reference} recorded"

    def get_success_url(self) -> str:
        return reverse("hub:contact", kwargs={"contact_id": self.contact.pk})


class ContactStepView(ServiceFormMixin, StaffPageView, FormView):  # type: ignore[type-arg]
    """A form about one contact. The role check (StaffPageView.dispatch) comes before the
    contact is loaded, so that no one outside the hub learns which contact numbers exist."""

    capability = Capability.HUB_WORK
    contact: Contact

    def _load(self) -> None:
        contact = selectors.contact_get(self.kwargs["contact_id"], now=timezone.now())
        if contact is None:
            raise Http404("No contact found")
        self.contact = contact

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        self._load()
        return super().get(request, *args, **kwargs)

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        self._load()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            contact=self.contact, cancel_url=self.get_success_url(), **kwargs
        )

    def get_success_url(self) -> str:
        return reverse("hub:contact", kwargs={"contact_id": self.kwargs["contact_id"]})


class ContactTriageView(ContactStepView):
    template_name = "frontdoor/contact_triage.html"
    form_class = hub_forms.TriageForm
    success_message = "Rating saved"

    def perform(self, data: dict[str, Any]) -> None:
        services.contact_triage(
            acting_user=self.request.user,
            contact=self.contact,
            rag=data["rag"],
            reason=data["reason"],
        )


class InformationRequestView(ContactStepView):
    template_name = "frontdoor/contact_step.html"
    form_class = hub_forms.InformationRequestForm

    def perform(self, data: dict[str, Any]) -> None:
        self.sent = services.information_request_send(
            acting_user=self.request.user,
            contact=self.contact,
            agency=data["agency"],
            question=data["question"],
            due_at=timezone.now() + datetime.timedelta(hours=data["due_in_hours"]),
        )

    def get_success_message(self) -> str:
        return f"Request sent to {self.sent.get_agency_display()}"


class InformationRequestWithdrawView(StaffPageView):
    """Withdraw a request the hub no longer needs (POST only)."""

    capability = Capability.HUB_WORK
    http_method_names = ["post"]

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        found = selectors.information_request_get(kwargs["request_id"])
        if found is None:
            raise Http404("No request found")
        try:
            services.information_request_withdraw(acting_user=request.user, request=found)
        except RuleBroken as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Request withdrawn")
        return HttpResponseRedirect(reverse("hub:contact", kwargs={"contact_id": found.contact_id}))


class DecisionView(ContactStepView):
    capability = Capability.HUB_DECIDE
    template_name = "frontdoor/contact_decide.html"
    form_class = hub_forms.DecisionForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(outcomes=services.REFERRER_OUTCOMES, **kwargs)

    def perform(self, data: dict[str, Any]) -> None:
        self.decided = services.contact_decide(
            acting_user=self.request.user,
            contact=self.contact,
            decision=data["decision"],
            reason=data["reason"],
            referrer_outcome=data["referrer_outcome"],
            primary_need=data["primary_need"],
            team=data["team"],
        )

    def get_success_message(self) -> str:
        return f"Decision recorded: {self.decided.get_decision_display()}"
