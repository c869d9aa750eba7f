"""Saving, finding and removing a user's draft of a form page, and turning a form's posted
answers into a draft and back into the form's initial values.

A draft holds only the inputs its form declares: never the CSRF token, a file or a password,
nor anything else posted with it. Nothing here logs the answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone

from haven.drafts.models import Draft

# The largest draft kept, as UTF-8 JSON: about 100 pages of typing.
MAX_DRAFT_BYTES = 200 * 1024

DraftData = dict[str, str | list[str]]


class DraftTooLarge(Exception):
    """The answers are larger than MAX_DRAFT_BYTES: the draft is not saved."""


def input_names(form: forms.BaseForm, exclude: Iterable[str] = ()) -> list[str]:
    """The names of the inputs a draft of this form may keep.

    A field drawn as several inputs (a GOV.UK date's day, month and year) has one name for each.
    Disabled fields, file uploads, passwords and the fields in `exclude` (e.g. a honeypot) are
    left out.
    """
    skipped = set(exclude)
    names: list[str] = []
    for name, field in form.fields.items():
        if field.disabled or name in skipped:
            continue
        html_name = form.add_prefix(name)
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            suffixes = getattr(widget, "widgets_names", None) or [
                f"_{i}" for i in range(len(widget.widgets))
            ]
            names += [
                html_name + suffix
                for suffix, part in zip(suffixes, widget.widgets, strict=True)
                if _keepable(part)
            ]
        elif _keepable(widget):
            names.append(html_name)
    return names


def _keepable(widget: forms.Widget) -> bool:
    return not isinstance(widget, forms.FileInput | forms.PasswordInput)


def draft_data(form: forms.BaseForm, posted: QueryDict, exclude: Iterable[str] = ()) -> DraftData:
    """The form's own inputs from what was posted: one value, or a list where several were."""
    data: DraftData = {}
    for name in input_names(form, exclude):
        values = [value for value in posted.getlist(name) if isinstance(value, str)]
        if values:
            data[name] = values[0] if len(values) == 1 else values
    return data


def draft_initial(
    form: forms.BaseForm, data: Mapping[str, Any], exclude: Iterable[str] = ()
) -> dict[str, Any]:
    """Initial values for the form's fields that show the draft's answers.

    Each widget reads the draft as it would read a POST, so a date's three boxes, checkboxes and
    radios come back as they were typed. A field the draft says nothing about keeps its initial
    value. Inputs the form no longer declares are ignored.
    """
    allowed = set(input_names(form, exclude))
    posted = QueryDict(mutable=True)
    for name, value in data.items():
        if name in allowed:
            values = value if isinstance(value, list) else [value]
            posted.setlist(name, [str(v) for v in values])
    initial: dict[str, Any] = {}
    for name, field in form.fields.items():
        html_name = form.add_prefix(name)
        if field.disabled or name in set(exclude):
            continue
        if not field.widget.value_omitted_from_data(posted, {}, html_name):
            initial[name] = field.widget.value_from_datadict(posted, {}, html_name)
    return initial


def draft_size(data: DraftData) -> int:
    return len(json.dumps(data, ensure_ascii=False).encode())


def draft_save(*, user: Any, key: str, child_id: int, data: DraftData) -> Draft:
    """Keep the user's answers for the page at `key`, replacing any earlier draft of it."""
    if draft_size(data) > MAX_DRAFT_BYTES:
        raise DraftTooLarge
    draft, _ = Draft.objects.update_or_create(
        user=user,
        key=key,
        defaults={"child_id": child_id, "data": data, "saved_at": timezone.now()},
    )
    return draft


def draft_for(*, user: Any, key: str) -> Draft | None:
    """The user's own draft of the page at `key`, if there is one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Draft.objects.filter(user=user, key=key).first()


def draft_discard(*, user: Any, key: str) -> None:
    """Remove the user's draft of the page at `key`, if there is one."""
    if getattr(user, "is_authenticated", False):
        Draft.objects.filter(user=user, key=key).delete()
