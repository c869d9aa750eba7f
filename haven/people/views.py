"""The child's record: a summary card and one tab per view of the story."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView

from haven.access import policy
from haven.casework.views import StaffPageView
from haven.core.errors import RuleBroken
from haven.core.services import audit
from haven.core.steps import ChildStepView, get_child_or_404
from haven.people import forms, selectors, services
from haven.people.models import Person


class ChildRecordView(StaffPageView):
    """Base for the record tabs. Loads the child through the access policy and audits the view."""

    tab = ""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Loaded before the staff check so that anyone who may not see the child gets the same
        # 404 as for no child, as on every other child-scoped page.
        if request.user.is_authenticated:
            self.child = get_child_or_404(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        audit(
            actor=request.user,
            action="VIEW",
            obj=self.child,
            child_id=self.child.pk,
            detail=self.tab,
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        as_of = timezone.localdate()
        return super().get_context_data(
            child=self.child,
            summary=selectors.child_summary(self.child, as_of=as_of),
            active_tab=self.tab,
            as_of=as_of,
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


class ChildFamilyView(ChildRecordView):
    template_name = "people/child_family.html"
    tab = "family"

    def tab_context(self) -> dict[str, Any]:
        return selectors.child_family(self.child)


def episode_actions(child: Person, episode: Any) -> list[tuple[str, str]]:
    """The workflow steps open to this episode now, as (label, url) pairs."""
    if episode.closure_date is not None:
        return []
    pk = child.pk
    actions: list[tuple[str, str]] = []
    assessments = list(episode.assessments.all())
    open_assessment = next((a for a in assessments if a.authorised_date is None), None)
    if open_assessment:
        actions.append(
            (
                "Authorise the assessment",
                reverse(
                    "assessments:assessment_authorise",
                    kwargs={"pk": pk, "assessment_id": open_assessment.pk},
                ),
            )
        )
    else:
        actions.append(
            (
                "Start an assessment",
                reverse(
                    "assessments:assessment_start", kwargs={"pk": pk, "episode_id": episode.pk}
                ),
            )
        )
    actions.append(
        (
            "Record a strategy discussion",
            reverse(
                "meetings:strategy_discussion_create", kwargs={"pk": pk, "episode_id": episode.pk}
            ),
        )
    )
    conferences = {c.section_47_enquiry_id for c in episode.initial_conferences.all()}
    for enquiry in episode.section_47_enquiries.all():
        kwargs = {"pk": pk, "enquiry_id": enquiry.pk}
        if enquiry.end_date is None:
            actions.append(
                (
                    "Record the section 47 outcome",
                    reverse("meetings:section_47_outcome", kwargs=kwargs),
                )
            )
        if enquiry.pk not in conferences and not enquiry.icpc_not_required:
            actions.append(
                (
                    "Record the initial child protection conference",
                    reverse("meetings:initial_conference_create", kwargs=kwargs),
                )
            )
    open_cp = next((p for p in episode.cp_plans.all() if p.end_date is None), None)
    if open_cp:
        kwargs = {"pk": pk, "plan_id": open_cp.pk}
        actions.append(
            (
                "Record a review conference",
                reverse("meetings:review_conference_create", kwargs=kwargs),
            )
        )
        actions.append(
            ("Record a core group meeting", reverse("meetings:core_group_create", kwargs=kwargs))
        )
    open_cin = next((p for p in episode.cin_plans.all() if p.end_date is None), None)
    if open_cin:
        cin_kwargs = {"pk": pk, "plan_id": open_cin.pk}
        actions.append(
            (
                "Record a child in need review",
                reverse("meetings:cin_review_create", kwargs=cin_kwargs),
            )
        )
        actions.append(
            (
                "End the child in need plan",
                reverse("plans:cin_plan_end", kwargs={"pk": pk, "plan_id": open_cin.pk}),
            )
        )
    elif not open_cp:
        actions.append(
            (
                "Start a child in need plan",
                reverse("plans:cin_plan_start", kwargs={"pk": pk, "episode_id": episode.pk}),
            )
        )
    actions.append(
        (
            "Close the episode",
            reverse("referrals:episode_close", kwargs={"pk": pk, "episode_id": episode.pk}),
        )
    )
    return actions


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


class ChildCreateView(StaffPageView, FormView):  # type: ignore[type-arg]
    template_name = "people/child_create.html"
    form_class = forms.ChildCreateForm

    def form_valid(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        try:
            child = services.person_create(
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
        except RuleBroken as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        except policy.AccessDenied:
            raise PermissionDenied from None
        messages.success(self.request, f"{child.full_name} added")
        return HttpResponseRedirect(reverse("people:child_chronology", kwargs={"pk": child.pk}))


class FamilyMemberCreateView(ChildStepView):
    form_class = forms.FamilyMemberForm
    title = forms.FamilyMemberForm.title
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
    title = forms.AddressForm.title
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
    title = forms.InvolvementForm.title
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
