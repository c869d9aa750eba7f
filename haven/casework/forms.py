from __future__ import annotations

from django import forms

from haven.core.forms import BaseForm, GovukDateField
from haven.core.forms import yes_no_field as yes_no


class VisitForm(BaseForm):
    title = "Record a visit"
    visit_date = GovukDateField(label="Date of the visit", max_today=True)
    child_seen = yes_no("Was the child seen?")
    seen_alone = yes_no("Was the child seen alone?")
    bedroom_seen = yes_no("Was the child's bedroom seen?")
    childs_words = forms.CharField(
        label="What the child said, in their own words", widget=forms.Textarea, required=False
    )
    observations = forms.CharField(label="Observations", widget=forms.Textarea, required=False)


class CaseNoteForm(BaseForm):
    title = "Add a case note"
    note_title = forms.CharField(
        label="Title", max_length=150, error_messages={"required": "Enter a title for the note"}
    )
    body = forms.CharField(
        label="Note", widget=forms.Textarea, error_messages={"required": "Enter the note"}
    )


class CaseNoteCorrectForm(CaseNoteForm):
    title = "Correct a case note"
    reason = forms.CharField(
        label="Why is the note being corrected?",
        max_length=200,
        error_messages={"required": "Enter why the note is being corrected"},
    )
