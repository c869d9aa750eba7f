"""Downloading Ofsted Annex A from the inspection lens (haven/inspection/annex_a).

The page asks for the as-of date (the point of inspection) and returns the workbook as an
attachment. A performance analyst may download it: producing the return the authority gives
Ofsted is what that role is for (reports.view), even though the role opens no child's record.
Each download writes one audit row in the same transaction as the workbook.
"""

from __future__ import annotations

import tempfile
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone

from haven.access import policy
from haven.access.roles import Capability
from haven.core.forms import BaseForm, GovukDateField
from haven.core.steps import StaffPageView
from haven.inspection.annex_a import services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The workbook is built in memory up to this size, then on disk.
IN_MEMORY_BYTES = 16 * 1024 * 1024


class AnnexAForm(BaseForm):
    title = "Ofsted Annex A"
    submit_label = "Download"

    as_of = GovukDateField(
        label="As-of date",
        help_text=(
            "The point of inspection. The lists cover the six months up to and including this "
            "date. For example, 30 11 2026"
        ),
        error_messages={"required": "Enter the as-of date"},
    )


class AnnexADownloadView(StaffPageView):
    """GET: the as-of date form (today by default). POST: the workbook, or the form again with
    the GOV.UK error summary if the date is not a real date."""

    capability = Capability.VIEW_REPORTS
    template_name = "inspection/annex_a.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = AnnexAForm(initial={"as_of": timezone.localdate()})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        form = AnnexAForm(data=request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        as_of = form.cleaned_data["as_of"]
        out = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115
        try:
            services.annex_a_download(
                acting_user=request.user, as_of=as_of, out=out, now=timezone.now()
            )
        except policy.AccessDenied:
            out.close()
            raise PermissionDenied from None
        except BaseException:
            out.close()
            raise
        out.seek(0)
        # FileResponse closes the file once the response has been sent.
        return FileResponse(
            out,
            as_attachment=True,
            filename=f"annex-a-{as_of:%Y-%m-%d}.xlsx",
            content_type=XLSX,
        )
