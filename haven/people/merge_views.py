"""Pages for merging two records of one person, and for reversing a merge (haven.people.merging).

Both pages load the child through the access policy with the merge capability: anyone else
gets the same 404 as for no child (R6). Every record shown is audited as a read (R1)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from haven.access import policy
from haven.core.errors import RuleBroken
from haven.core.models import AuditEvent
from haven.core.services import audit
from haven.core.steps import ChildPageView, audited_read
from haven.people import merging
from haven.people.merge_forms import MergeConfirmForm, MergeFindForm, MergeReverseForm
from haven.people.models import Person


def _add_refusal(form: Any, error: RuleBroken) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


class PersonMergeView(ChildPageView):
    """Merge another record of the same person with this one: find it by its number, compare
    the two side by side, choose which to keep, say how you know, and confirm."""

    capability = merging.MERGE_CAPABILITY
    template_name = "people/person_merge.html"
    audit_detail = "merge records"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        other: Person | None = kwargs.pop("other", None)
        confirm_form: MergeConfirmForm | None = kwargs.pop("confirm_form", None)
        find_form = MergeFindForm(self.request.GET or None)
        if other is None and find_form.is_bound and find_form.is_valid():
            other = self._other(find_form.cleaned_data["record"], find_form)
        sides = None
        if other is not None:
            # The other record is shown too: its own audit row, in the page's transaction.
            audit(
                actor=self.request.user,
                action=AuditEvent.Action.VIEW,
                obj=other,
                child_id=other.pk,
                detail="compared for a merge",
            )
            confirm_form = confirm_form or MergeConfirmForm(child=self.child, other=other)
            sides = (merging.merge_side(self.child), merging.merge_side(other))
        return super().get_context_data(
            child=self.child,
            child_number=merging.record_number(self.child),
            find_form=find_form,
            other=other,
            confirm_form=confirm_form,
            sides=sides,
            record_url=reverse("people:child_chronology", kwargs={"pk": self.child.pk}),
            **kwargs,
        )

    def _other(self, number: str, form: MergeFindForm) -> Person | None:
        other = merging.merge_find_record(user=self.request.user, number=number)
        if other is None:
            form.add_error(
                "record", "There is no record with that number that you can merge. Check it."
            )
        elif other.pk == self.child.pk:
            form.add_error("record", "That is this record. Enter the number of the other record")
            return None
        return other

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        other = merging.merge_find_record(user=request.user, number=request.POST.get("other", ""))
        if other is None or other.pk == self.child.pk:
            raise Http404("No record found")
        form = MergeConfirmForm(request.POST, child=self.child, other=other)
        if form.is_valid():
            keep_this = form.cleaned_data["keep"] == "this"
            survivor, duplicate = (self.child, other) if keep_this else (other, self.child)
            try:
                merging.person_merge(
                    acting_user=request.user,
                    survivor=survivor,
                    duplicate=duplicate,
                    reason=form.cleaned_data["reason"],
                )
            except RuleBroken as error:
                _add_refusal(form, error)
            except policy.AccessDenied:
                raise PermissionDenied from None
            else:
                messages.success(
                    request,
                    f"Records merged: {merging.record_number(duplicate)} is now part of "
                    f"this record",
                )
                return HttpResponseRedirect(
                    reverse("people:child_chronology", kwargs={"pk": survivor.pk})
                )
        return audited_read(
            request,
            self.child,
            self.audit_detail,
            lambda: self.render_to_response(self.get_context_data(other=other, confirm_form=form)),
        )


class PersonMergesView(ChildPageView):
    """The merges into and out of this record, who made them and why; and reversing a merge
    this record kept (`?reverse=<merge>` asks for the reason first)."""

    capability = merging.MERGE_CAPABILITY
    template_name = "people/person_merges.html"
    audit_detail = "merged records"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        chosen = kwargs.pop("chosen", None) or merging.merge_to_reverse(
            survivor=self.child, merge_id=self.request.GET.get("reverse", "")
        )
        reverse_form = kwargs.pop("reverse_form", None)
        if chosen is not None and reverse_form is None:
            reverse_form = MergeReverseForm(initial={"merge": chosen.pk})
        return super().get_context_data(
            child=self.child,
            child_number=merging.record_number(self.child),
            merges=merging.person_merges(self.child),
            chosen=chosen,
            moved=merging.merge_moves_summary(chosen) if chosen is not None else [],
            reverse_form=reverse_form,
            record_url=reverse("people:child_chronology", kwargs={"pk": self.child.pk}),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        chosen = merging.merge_to_reverse(
            survivor=self.child, merge_id=request.POST.get("merge", "")
        )
        if chosen is None:
            raise Http404("No merge found")
        form = MergeReverseForm(request.POST)
        if form.is_valid():
            try:
                merging.person_merge_reverse(
                    acting_user=request.user, merge=chosen, reason=form.cleaned_data["reason"]
                )
            except RuleBroken as error:
                _add_refusal(form, error)
            except policy.AccessDenied:
                raise PermissionDenied from None
            else:
                messages.success(
                    request,
                    f"Merge reversed: {merging.record_number(chosen.duplicate)} is a record "
                    "of its own again",
                )
                return HttpResponseRedirect(
                    reverse("people:child_chronology", kwargs={"pk": self.child.pk})
                )
        return audited_read(
            request,
            self.child,
            self.audit_detail,
            lambda: self.render_to_response(
                self.get_context_data(chosen=chosen, reverse_form=form)
            ),
        )
