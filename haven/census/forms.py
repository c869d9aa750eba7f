"""The census pages' forms."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from haven.core.forms import BaseForm


class CensusYearForm(BaseForm):
    """Which census year the data-quality page shows (a GOV.UK select)."""

    year = forms.ChoiceField(label="Census year")

    def __init__(self, *args: Any, years: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = [(y, y) for y in years]
