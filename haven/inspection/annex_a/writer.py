"""The Annex A workbook: a cover sheet, then one sheet per list (reference section 3).

openpyxl's write-only mode streams each row to disk as it is appended, so memory stays flat
however many rows the lists have. Each list sheet has Ofsted's headings in row 1 (bold) and
one row per record from row 2, nothing else, so that tools which read Annex A by its headings
(such as the regional ones in ``SocialFinanceDigitalLabs/liia-tools``) can read it. Notes an
inspector needs (what Haven does not record, how a column is worked out) are on the cover
sheet, and as a comment on the heading of a column Haven leaves blank.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from haven.inspection.annex_a import selectors, spec

__all__ = ["COVER_TITLE", "DATE_FORMAT", "AnnexAResult", "annex_a_workbook"]

COVER_TITLE = "Cover"
DATE_FORMAT = "dd/mm/yyyy"
DATE_TIME_FORMAT = "dd/mm/yyyy hh:mm"
BOLD = Font(bold=True)
HEADING_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
MIN_WIDTH, MAX_WIDTH = 12, 40

LISTS_8_TO_11 = (
    "Lists 8 to 11 (children in care, care leavers, adoption, adopters) are not produced: "
    "Haven does not yet record children in care, care leavers, adoption or adopters."
)
EPO_NOTE = (
    "Haven does not record emergency protection orders or police protection, so this column "
    "is blank. Check the police and court records for children on this list."
)
NOTES = (
    "Child Unique ID is the child's LA child ID, the same as LAchildID in the CIN census. A "
    "child named in a contact but not yet linked to a record has the contact's reference and "
    "their place in it (HV-0001234-2: the second child named), gender 'Not stated/recorded' "
    "and ethnicity 'NOBT'.",
    "Age is in whole years on the as-of date. An unborn child has no date of birth or age.",
    "Anything dated after the as-of date is left out: a plan that ends later is shown as open.",
    "Allocated Team and Allocated Worker are the child's allocation on the as-of date; blank if "
    "the child had no allocated worker then.",
    "Does the Child have a Disability: 'Unknown' where no disability (or 'none') is recorded.",
    "List 2: Haven does not record early help assessments; the sheet gives the number of "
    "contacts the hub decided should go to early help instead.",
    "List 3: Number of Referrals in Last 12 Months counts the child's other referrals in the 12 "
    "months before this referral's date. List 5 counts section 47 enquiries and initial child "
    "protection conferences the same way, before the enquiry's start date.",
    "List 4: Haven records the date the child was seen when the assessment is authorised, so "
    "Child Seen During Continuous Assessment is 'Unknown' for an assessment still in progress "
    "without that date.",
    "List 6: Case Status 'Open assessment' covers an assessment or a section 47 enquiry in "
    "progress on the as-of date. Case Status is blank for an open episode with no plan and no "
    "assessment or enquiry in progress: Annex A has no status for it.",
    "List 7: " + EPO_NOTE,
)


@dataclass(frozen=True)
class AnnexAResult:
    """What was written: the as-of date, the window, and rows per list (Lists 1 to 7)."""

    as_of: datetime.date
    window_start: datetime.date
    rows: dict[int, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    def summary(self) -> str:
        """'L1 120, L2 0, ...': for an audit row or a log line (no names, only counts)."""
        return ", ".join(f"L{number} {count}" for number, count in sorted(self.rows.items()))


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """Dates as real Excel dates shown dd/mm/yyyy; everything else as it is."""
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet)
        cell.value = value
        is_date_time = isinstance(value, datetime.datetime)
        cell.number_format = DATE_TIME_FORMAT if is_date_time else DATE_FORMAT
        return cell
    return value


def _width(sheet: Any, column: int, width: float) -> None:
    """Set a column's width (write-only sheets have column_dimensions; the stubs miss it)."""
    sheet.column_dimensions[get_column_letter(column)].width = width


def _bold(sheet: WriteOnlyWorksheet, value: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = BOLD
    return cell


def _heading_row(sheet: WriteOnlyWorksheet, headings: tuple[str, ...]) -> list[Cell]:
    cells = []
    for number, heading in enumerate(headings, start=1):
        _width(sheet, number, min(MAX_WIDTH, max(MIN_WIDTH, len(heading) + 2)))
        cell = _bold(sheet, heading)
        cell.alignment = HEADING_ALIGNMENT
        if heading == spec.EPO_COLUMN:
            cell.comment = Comment(EPO_NOTE, "Haven")
        cells.append(cell)
    return cells


def _write_list(
    sheet: WriteOnlyWorksheet, annex_list: spec.AnnexAList, rows: Iterable[selectors.Row]
) -> int:
    sheet.freeze_panes = "A2"
    sheet.append(_heading_row(sheet, annex_list.headings))
    written = 0
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
        written += 1
    return written


def _write_statement(sheet: WriteOnlyWorksheet, lines: Iterable[str]) -> None:
    _width(sheet, 1, 120)
    for line in lines:
        sheet.append([line])


# The selector for each list Haven produces.
LIST_ROWS: dict[int, Callable[..., Iterator[selectors.Row]]] = {
    1: selectors.contacts,
    3: selectors.referrals,
    4: selectors.assessments,
    5: selectors.section_47_enquiries,
    6: selectors.children_in_need,
    7: selectors.child_protection_plans,
}


def _early_help_lines(as_of: datetime.date, start: datetime.date) -> list[str]:
    contacts, children = selectors.early_help_decisions(as_of=as_of)
    return [
        spec.LISTS_BY_NUMBER[2].statement,
        f"From {start:%d/%m/%Y} to {as_of:%d/%m/%Y} the hub decided that {contacts} "
        f"contact{'s' if contacts != 1 else ''} about {children} "
        f"child{'ren' if children != 1 else ''} should go to early help. The contacts that came "
        "in during the six months are on List 1.",
    ]


def _write_cover(
    sheet: WriteOnlyWorksheet,
    *,
    result: AnnexAResult,
    generated_at: datetime.datetime,
) -> None:
    _width(sheet, 1, 45)
    _width(sheet, 2, 30)
    sheet.append([_bold(sheet, "Ofsted Annex A: child-level lists")])
    sheet.append(["Authority", settings.HAVEN_AUTHORITY_NAME])
    sheet.append(["As-of date (point of inspection)", _cell(sheet, result.as_of)])
    sheet.append(["Six-month window from", _cell(sheet, result.window_start)])
    sheet.append(["Six-month window to", _cell(sheet, result.as_of)])
    sheet.append(["Generated", _cell(sheet, generated_at)])
    sheet.append([])
    sheet.append([_bold(sheet, "List"), _bold(sheet, "Rows")])
    for annex_list in spec.ANNEX_A_LISTS:
        label = f"List {annex_list.number}: {annex_list.name}"
        if annex_list.number in result.rows and annex_list.produced:
            sheet.append([label, result.rows[annex_list.number]])
        elif annex_list.number in result.rows:
            sheet.append([label, "Early help assessments not recorded in Haven"])
        else:
            sheet.append([label, "Not produced: not recorded in Haven"])
    sheet.append([])
    sheet.append([LISTS_8_TO_11])
    sheet.append([])
    sheet.append([_bold(sheet, "Notes")])
    for note in NOTES:
        sheet.append([note])


def annex_a_workbook(
    *, as_of: datetime.date, out: IO[bytes], now: datetime.datetime | None = None
) -> AnnexAResult:
    """Write the Annex A workbook for an inspection starting on `as_of` to `out` (a binary
    file), and say how many rows each list has. `now` is the generation time on the cover."""
    start = spec.window_start(as_of)
    generated_at = timezone.localtime(now or timezone.now()).replace(tzinfo=None)
    workbook = Workbook(write_only=True)
    # Created first so it is the first sheet; written last, when the row counts are known.
    cover = workbook.create_sheet(COVER_TITLE)
    rows: dict[int, int] = {}
    for annex_list in spec.ANNEX_A_LISTS:
        sheet = workbook.create_sheet(annex_list.sheet_title)
        if annex_list.number in LIST_ROWS:
            list_rows = LIST_ROWS[annex_list.number](as_of=as_of)
            rows[annex_list.number] = _write_list(sheet, annex_list, list_rows)
        elif annex_list.number == 2:
            rows[2] = 0
            _write_statement(sheet, _early_help_lines(as_of, start))
        else:
            _write_statement(sheet, [annex_list.statement])
    result = AnnexAResult(as_of=as_of, window_start=start, rows=rows)
    _write_cover(cover, result=result, generated_at=generated_at)
    workbook.save(out)
    return result
