"""The hub: the queue of contacts and recording a contact taken by phone or email."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView

from haven.access.roles import Capability
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

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        contact = selectors.contact_get(self.kwargs["contact_id"], now=timezone.now())
        if contact is None:
            raise Http404("No contact found")
        return super().get_context_data(contact=contact, **kwargs)

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
            children=form.people(
                "child",
                hub_forms.CHILD_SLOTS,
                ("first_name", "last_name", "date_of_birth", "age_description"),
            ),
            adults=form.people(
                "adult", hub_forms.ADULT_SLOTS, ("first_name", "last_name", "relationship_to_child")
            ),
            referrer_name=data["referrer_name"],
            referrer_role=data["referrer_role"],
            referrer_organisation=data["referrer_organisation"],
            referrer_phone=data["referrer_phone"],
            referrer_email=data["referrer_email"],
        )

    def get_success_message(self) -> str:
        return f"Contact {self.contact.reference} recorded"

    def get_success_url(self) -> str:
        return reverse("hub:contact", kwargs={"contact_id": self.contact.pk})


class ContactTriageView(ServiceFormMixin, StaffPageView, FormView):  # type: ignore[type-arg]
    capability = Capability.HUB_WORK
    template_name = "frontdoor/contact_triage.html"
    form_class = hub_forms.TriageForm
    success_message = "Rating saved"

    contact: Contact

    def _load(self) -> None:
        # After the role check (StaffPageView.dispatch), so that no one outside the hub learns
        # which contact numbers exist.
        contact = selectors.contact_get(self.kwargs["contact_id"])
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

    def perform(self, data: dict[str, Any]) -> None:
        services.contact_triage(
            acting_user=self.request.user,
            contact=self.contact,
            rag=data["rag"],
            reason=data["reason"],
        )

    def get_success_url(self) -> str:
        return reverse("hub:contact", kwargs={"contact_id": self.kwargs["contact_id"]})
