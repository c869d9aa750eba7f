"""The child's record: a summary card and one tab per view of the story."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView

from haven.access import policy
from haven.access.roles import Capability
from haven.census.quality import selectors as census_selectors
from haven.core import selectors as core_selectors
from haven.core.steps import (
    ChildPageView,
    ChildStepView,
    ServiceFormMixin,
    StaffPageView,
)
from haven.people import forms, merging, selectors, services
from haven.people.models import Person
from haven.referrals import selectors as referral_selectors


class ChildRecordView(ChildPageView):
    """Base for the record tabs: the child's summary card and one tab's story."""

    tab = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # A record merged into another leads to the record it is part of now, for anyone who
        # may see that one (haven.people.merging). Its access log stays its own.
        if request.user.is_authenticated and self.tab != "access_log":
            survivor = merging.merged_record_survivor(request.user, kwargs["pk"])
            if survivor is not None:
                messages.info(
                    request,
                    f"Record {kwargs['pk']} was merged into this record "
                    f"({merging.record_number(survivor)})",
                )
                url_name = request.resolver_match.view_name if request.resolver_match else ""
                return HttpResponseRedirect(
                    reverse(url_name or "people:child_chronology", kwargs={"pk": survivor.pk})
                )
        return super().dispatch(request, *args, **kwargs)

    @property
    def audit_detail(self) -> str:  # type: ignore[override]
        return self.tab

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        as_of = timezone.localdate()
        reasons = policy.access_reasons(self.request.user, self.child)
        can_view_case = reasons[Capability.VIEW_CASE] is not None
        return super().get_context_data(
            child=self.child,
            # The data protection officer sees who has seen the record, not what it says.
            summary=selectors.child_summary(self.child, as_of=as_of) if can_view_case else None,
            # What the census rules of the year running today say about the record as it is
            # now, so a failure shows as soon as the data is saved (issue 5).
            census_checks=census_selectors.child_census_checks(child_id=self.child.pk, today=as_of)
            if can_view_case
            else None,
            active_tab=self.tab,
            as_of=as_of,
            can_view_case=can_view_case,
            can_change=reasons[Capability.CHANGE_CASE] is not None,
            can_restrict=reasons[Capability.RESTRICT] is not None,
            can_see_access_log=reasons[Capability.VIEW_ACCESS_LOG] is not None,
            can_merge=reasons[merging.MERGE_CAPABILITY] is not None,
            merges=merging.merges_into(self.child),
            **self.tab_context(),
            **kwargs,
        )

    def tab_context(self) -> dict[str, Any]:
        return {}


class ChildChronologyView(ChildRecordView):
    template_name = "people/child_chronology.html"
    tab = "chronology"

    def tab_context(self) -> dict[str, Any]:
        chosen = {k for k in self.request.GET.getlist("kind") if k in selectors.CHRONOLOGY_KINDS}
        return {
            "events": selectors.child_chronology(self.child, kinds=chosen or None),
            "kinds": selectors.CHRONOLOGY_KINDS,
            "chosen_kinds": chosen,
        }


class ChildAccessLogView(ChildRecordView):
    """Who has seen or changed this record: for the child's managers and the data protection
    officer (roles with the access-log capability), security reference 2.4."""

    capability = Capability.VIEW_ACCESS_LOG
    template_name = "people/child_access_log.html"
    tab = "access_log"

    def tab_context(self) -> dict[str, Any]:
        return {"events": core_selectors.record_access_log(child_id=self.child.pk)}


class ChildFamilyView(ChildRecordView):
    template_name = "people/child_family.html"
    tab = "family"

    def tab_context(self) -> dict[str, Any]:
        return selectors.child_family(self.child)


def episode_actions(child: Person, episode: Any) -> list[tuple[str, str]]:
    """The steps open to this episode now (decided by the selector), as (label, url) pairs."""
    return [
        (step.label, reverse(step.url_name, kwargs={"pk": child.pk, **step.url_kwargs}))
        for step in referral_selectors.episode_next_steps(episode)
    ]


class ChildEpisodesView(ChildRecordView):
    template_name = "people/child_episodes.html"
    tab = "episodes"

    def tab_context(self) -> dict[str, Any]:
        episodes = selectors.child_episodes(self.child)
        for episode in episodes:
            episode.actions = episode_actions(self.child, episode)  # type: ignore[attr-defined]
        return {
            "episodes": episodes,
            "can_refer": not any(e.closure_date is None for e in episodes),
        }


class ChildVisitsView(ChildRecordView):
    template_name = "people/child_visits.html"
    tab = "visits"

    def tab_context(self) -> dict[str, Any]:
        return {"visits": selectors.child_visits(self.child)}


class ChildNotesView(ChildRecordView):
    template_name = "people/child_notes.html"
    tab = "notes"

    def tab_context(self) -> dict[str, Any]:
        return {"notes": selectors.child_notes(self.child)}


class ChildAllocationsView(ChildRecordView):
    template_name = "people/child_allocations.html"
    tab = "allocations"

    def tab_context(self) -> dict[str, Any]:
        return {"allocations": selectors.child_allocations(self.child)}


class ChildCreateView(ServiceFormMixin, StaffPageView, FormView):  # type: ignore[type-arg]
    capability = Capability.CHANGE_CASE
    template_name = "people/child_create.html"
    form_class = forms.ChildCreateForm
    created: Person

    def perform(self, data: dict[str, Any]) -> None:
        self.created = services.person_create(
            acting_user=self.request.user,
            kind=Person.Kind.CHILD,
            first_name=data["first_name"],
            last_name=data["last_name"],
            known_as=data["known_as"],
            sex=data["sex"],
            gender_identity=data["gender_identity"],
            date_of_birth=data["date_of_birth"],
            expected_date_of_birth=data["expected_date_of_birth"],
            ethnicity=data["ethnicity"],
            nhs_number=data["nhs_number"],
            upn=data["upn"],
            upn_unknown_reason=data["upn_unknown_reason"],
            disabilities=data["disabilities"],
        )

    def get_success_message(self) -> str:
        return f"{self.created.full_name} added"

    def get_success_url(self) -> str:
        return reverse("people:child_chronology", kwargs={"pk": self.created.pk})


class FamilyMemberCreateView(ChildStepView):
    form_class = forms.FamilyMemberForm
    success_message = "Family member added"
    return_tab = "people:child_family"

    def perform(self, data: dict[str, Any]) -> None:
        services.family_member_add(
            acting_user=self.request.user,
            child=self.child,
            first_name=data["first_name"],
            last_name=data["last_name"],
            kind=data["kind"],
            date_of_birth=data["date_of_birth"],
            has_parental_responsibility=data["has_parental_responsibility"],
            lives_with_child=data["lives_with_child"],
        )


class AddressCreateView(ChildStepView):
    form_class = forms.AddressForm
    success_message = "Address recorded"
    return_tab = "people:child_family"

    def perform(self, data: dict[str, Any]) -> None:
        services.address_move(
            acting_user=self.request.user,
            person=self.child,
            line_1=data["line_1"],
            line_2=data["line_2"],
            town=data["town"],
            postcode=data["postcode"],
            start_date=data["start_date"],
        )


class InvolvementCreateView(ChildStepView):
    form_class = forms.InvolvementForm
    success_message = "Professional added"
    return_tab = "people:child_family"

    def perform(self, data: dict[str, Any]) -> None:
        services.involvement_add(
            acting_user=self.request.user,
            child=self.child,
            agency=data["agency"],
            name=data["name"],
            role=data["role"],
            organisation=data["organisation"],
            phone=data["phone"],
            email=data["email"],
            start_date=data["start_date"],
        )


class ChildDetailsView(ChildStepView):
    """Change the child's details, for example recording the birth of an unborn child."""

    form_class = forms.ChildDetailsForm
    success_message = "Details changed"
    return_tab = "people:child_chronology"

    def get_initial(self) -> dict[str, Any]:
        child = self.child
        return {
            "first_name": child.first_name,
            "last_name": child.last_name,
            "known_as": child.known_as,
            "date_of_birth": child.date_of_birth,
            "expected_date_of_birth": child.expected_date_of_birth,
            "sex": child.sex,
            "gender_identity": child.gender_identity,
            "ethnicity": child.ethnicity,
            "nhs_number": child.nhs_number,
            "upn": child.upn,
            "upn_unknown_reason": child.upn_unknown_reason,
            "disabilities": list(child.disabilities.current().values_list("code", flat=True)),
            "version": child.version,
        }

    def form_valid(self, form: Any) -> HttpResponse:
        self.form = form
        return super().form_valid(form)

    def perform(self, data: dict[str, Any]) -> None:
        try:
            self._update(data)
        except services.StaleRecord as stale:
            # Show the error with the user's answers, now based on the current version, so that
            # saving again is a deliberate choice made knowing what changed.
            self.form.data = self.form.data.copy()
            self.form.data["version"] = str(stale.current_version)
            raise

    def _update(self, data: dict[str, Any]) -> None:
        services.person_update(
            acting_user=self.request.user,
            person=self.child,
            expected_version=data["version"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            known_as=data["known_as"],
            sex=data["sex"],
            gender_identity=data["gender_identity"],
            date_of_birth=data["date_of_birth"],
            expected_date_of_birth=data["expected_date_of_birth"],
            ethnicity=data["ethnicity"],
            nhs_number=data["nhs_number"],
            upn=data["upn"],
            upn_unknown_reason=data["upn_unknown_reason"],
            disabilities=data["disabilities"],
        )
