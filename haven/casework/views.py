"""My work, Team, and the visit and note steps."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone

from haven.access import selectors as access_selectors
from haven.access.roles import Capability
from haven.casework import forms, selectors, services
from haven.casework.models import CaseNote
from haven.core.steps import ChildStepView, ListPageView, get_for_child_or_404
from haven.drafts.mixins import AutosaveMixin


class MyWorkView(ListPageView):
    template_name = "casework/my_work.html"
    list_detail = "listed on my work"
    list_reason = "allocated worker"

    def listed_child_ids(self, context: dict[str, Any]) -> list[int]:
        return [row.child.pk for row in context.get("rows", [])]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        as_of = timezone.localdate()
        rows = (
            selectors.my_work(worker=self.worker, as_of=as_of, user=self.request.user)
            if self.worker
            else []
        )
        return super().get_context_data(
            rows=rows,
            as_of=as_of,
            overdue_total=sum(len(r.overdue) for r in rows),
            access_notices=len(access_selectors.unread_notifications(self.request.user)),
            **kwargs,
        )


class TeamView(ListPageView):
    capability = Capability.VIEW_TEAM
    template_name = "casework/team.html"
    list_detail = "listed on team"
    list_reason = "team or management line"

    def listed_child_ids(self, context: dict[str, Any]) -> list[int]:
        # The page names only the children with overdue work and the referrals waiting.
        return [
            row.child.pk for worker in context.get("overview", []) for row in worker.overdue_rows
        ] + [episode.child_id for episode in context.get("waiting", [])]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        as_of = timezone.localdate()
        teams = selectors.teams_for(self.worker) if self.worker else []
        overview = selectors.team_overview(teams=teams, as_of=as_of, user=self.request.user)
        return super().get_context_data(
            teams=teams,
            overview=overview,
            waiting=selectors.referrals_waiting(teams=teams, user=self.request.user),
            as_of=as_of,
            caseload_total=sum(w.caseload for w in overview),
            overdue_total=sum(w.overdue_count for w in overview),
            **kwargs,
        )


class VisitCreateView(AutosaveMixin, ChildStepView):
    form_class = forms.VisitForm
    success_message = "Visit recorded"
    return_tab = "people:child_visits"

    def perform(self, data: dict[str, Any]) -> None:
        services.visit_record(
            acting_user=self.request.user,
            child=self.child,
            visit_date=data["visit_date"],
            child_seen=data["child_seen"],
            seen_alone=data["seen_alone"],
            bedroom_seen=data["bedroom_seen"],
            childs_words=data["childs_words"],
            observations=data["observations"],
        )


class CaseNoteCreateView(AutosaveMixin, ChildStepView):
    form_class = forms.CaseNoteForm
    success_message = "Case note added"
    return_tab = "people:child_notes"

    def perform(self, data: dict[str, Any]) -> None:
        services.case_note_add(
            acting_user=self.request.user,
            child=self.child,
            title=data["note_title"],
            body=data["body"],
        )


class CaseNoteCorrectView(AutosaveMixin, ChildStepView):
    form_class = forms.CaseNoteCorrectForm
    success_message = "Correction added; the original note is kept"
    return_tab = "people:child_notes"

    def load(self, **kwargs: Any) -> None:
        self.note = get_for_child_or_404(
            CaseNote.objects.all(), "child", self.child, kwargs["note_id"]
        )
        if CaseNote.objects.filter(amends=self.note).exists():
            raise Http404("Correct the latest version")

    def get_initial(self) -> dict[str, Any]:
        return {"note_title": self.note.title, "body": self.note.body}

    def perform(self, data: dict[str, Any]) -> None:
        services.case_note_amend(
            acting_user=self.request.user,
            note=self.note,
            title=data["note_title"],
            body=data["body"],
            reason=data["reason"],
        )
