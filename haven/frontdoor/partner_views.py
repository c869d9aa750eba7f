"""Pages for partner agency practitioners: the multi-agency referral form, and the hub's
requests to their agency, answered in the agency's own section (security.md 2.5, R9: they see
only what the hub asked their agency, and no case records)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView

from haven.access.roles import Capability
from haven.core.services import audit
from haven.core.steps import ServiceFormMixin, StaffPageView
from haven.frontdoor import hub_forms, selectors, services
from haven.frontdoor.models import InformationRequest, PartnerAgency


class PartnerPageView(StaffPageView):
    capability = Capability.PARTNER_VIEW

    @property
    def agency(self) -> str:
        return services.partner_agency_of(self.request.user)


class PartnerHomeView(PartnerPageView):
    template_name = "frontdoor/partner_home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        now = timezone.now()
        agency = self.agency
        return super().get_context_data(
            agency_label=dict(PartnerAgency.choices).get(agency, ""),
            requests=selectors.requests_for_agency(agency, now=now) if agency else [],
            answers=selectors.agency_answers(agency) if agency else [],
            referrals=services.partner_referrals(self.request.user),
            **kwargs,
        )


class ProfessionalReferralView(ServiceFormMixin, PartnerPageView, FormView):  # type: ignore[type-arg]
    template_name = "frontdoor/partner_referral.html"
    form_class = hub_forms.ProfessionalReferralForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "agency": self.agency}

    def get_initial(self) -> dict[str, Any]:
        worker = getattr(self.request.user, "worker", None)
        return {
            "referrer_name": getattr(worker, "full_name", ""),
            "referrer_email": getattr(self.request.user, "email", ""),
        }

    def form_valid(self, form: Any) -> HttpResponse:
        self.form = form
        return super().form_valid(form)

    def perform(self, data: dict[str, Any]) -> None:
        form = self.form
        self.contact = services.contact_refer_professional(
            acting_user=self.request.user,
            source=data["source"],
            concern=data["concern"],
            tried_so_far=data["tried_so_far"],
            family_aware=data["family_aware"],
            consent=data["consent"],
            consent_reason=data["consent_reason"],
            lawful_basis=data["lawful_basis"],
            **form.named(),
        )

    def get_success_message(self) -> str:
        return (
            f"Referral sent. Your reference is {self.contact.reference}. The hub will decide "
            "what happens next within one working day."
        )

    def get_success_url(self) -> str:
        return reverse("partner:home")


class InformationAnswerView(ServiceFormMixin, PartnerPageView, FormView):  # type: ignore[type-arg]
    """One request to the practitioner's agency. Another agency's request is answered with the
    same 404 as one that does not exist (R6)."""

    template_name = "frontdoor/partner_answer.html"
    form_class = hub_forms.InformationAnswerForm
    success_message = "Answer sent to the hub"
    info_request: InformationRequest

    def _load(self) -> None:
        found = selectors.information_request_get(self.kwargs["request_id"])
        if found is None or not self.agency or found.agency != self.agency:
            raise Http404("No request found")
        self.info_request = found

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        self._load()
        # The practitioner reads the names in the request: audited, without naming anyone.
        audit(
            actor=request.user,
            action="VIEW",
            obj=self.info_request,
            detail=f"request to {self.info_request.agency.lower()} opened",
        )
        return super().get(request, *args, **kwargs)

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        self._load()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            info_request=self.info_request,
            contact=self.info_request.contact,
            cancel_url=self.get_success_url(),
            **kwargs,
        )

    def perform(self, data: dict[str, Any]) -> None:
        services.information_request_answer(
            acting_user=self.request.user,
            request=self.info_request,
            answer=data["answer"],
            not_for_family=data["not_for_family"],
        )

    def get_success_url(self) -> str:
        return reverse("partner:home")
