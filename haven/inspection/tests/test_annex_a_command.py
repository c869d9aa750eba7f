"""`manage.py export_annex_a`: the workbook written whole or not at all, rows per list printed,
a sentence (and a non-zero exit) for a bad date or path, and the export logged."""

from __future__ import annotations

import datetime
import io
import logging

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from haven.core.tests import factories as f
from haven.inspection.annex_a import services

pytestmark = pytest.mark.django_db

D = datetime.date


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("export_annex_a", *args, stdout=out)
    return out.getvalue()


def test_writes_the_workbook_and_prints_rows_per_list(tmp_path):
    staff = f.staff_user()
    f.open_episode(f.ChildFactory(), staff, D(2026, 6, 1))
    f.open_episode(f.ChildFactory(), staff, D(2026, 7, 1), referral_nfa=True)
    path = tmp_path / "annex_a.xlsx"

    printed = run("--as-of", "2026-09-15", "--output", str(path))

    workbook = load_workbook(path)
    assert workbook["List 3 - Referrals"].max_row == 3  # headings and two referrals
    assert "window 16/03/2026 to 15/09/2026" in printed
    assert "List 3 (Referrals): 2 rows" in printed
    assert "List 6 (Children in need): 1 rows" in printed  # the NFA referral is not a CIN
    assert "List 2 (Early help): 0 rows (early help assessments not recorded)" in printed
    assert "Lists 8 to 11: not produced" in printed
    assert [p.name for p in tmp_path.iterdir()] == ["annex_a.xlsx"]  # no temporary file left


def test_the_export_is_logged_with_counts_and_no_names(tmp_path, caplog):
    child = f.ChildFactory(first_name="Zebedee", last_name="Quill")
    f.open_episode(child, f.staff_user(), D(2026, 6, 1))

    with caplog.at_level(logging.INFO, logger="haven.security"):
        run("--as-of", "2026-09-15", "--output", str(tmp_path / "a.xlsx"))

    (record,) = [r for r in caplog.records if getattr(r, "event", "") == "annex_a_exported"]
    assert record.levelno == logging.WARNING
    assert record.count == 2  # rows in all: the referral on List 3 and List 6
    assert "as_of=2026-09-15" in record.getMessage()
    assert "L3 1" in record.getMessage()
    assert "Zebedee" not in record.getMessage()
    assert child.la_child_id not in record.getMessage()


@pytest.mark.parametrize("as_of", ["2026-02-30", "30/11/2026", "tomorrow", ""])
def test_a_bad_date_is_a_sentence_and_writes_nothing(tmp_path, as_of):
    path = tmp_path / "annex_a.xlsx"

    with pytest.raises(CommandError, match=r"is not a real date\. Write it as YYYY-MM-DD"):
        run("--as-of", as_of, "--output", str(path))

    assert list(tmp_path.iterdir()) == []


def test_a_bad_date_exits_non_zero_without_a_traceback(tmp_path, capsys):
    path = tmp_path / "annex_a.xlsx"
    argv = ["manage.py", "export_annex_a", "--as-of", "2026-13-01", "--output", str(path)]

    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(argv).execute()

    assert exit_.value.code == 1
    error = capsys.readouterr().err
    assert "The as-of date '2026-13-01' is not a real date" in error
    assert "Traceback" not in error
    assert not path.exists()


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("missing/annex_a.xlsx", "does not exist. Create it first."),
        (".", "is a folder. Give a file name"),
        ("annex_a.csv", "must end in .xlsx"),
    ],
)
def test_a_bad_output_path_is_a_sentence(tmp_path, monkeypatch, output, message):
    monkeypatch.chdir(tmp_path)
    if output == ".":
        (tmp_path / "folder.xlsx").mkdir()
        output = "folder.xlsx"

    with pytest.raises(CommandError, match=message):
        run("--as-of", "2026-09-15", "--output", output)

    assert sorted(p.name for p in tmp_path.iterdir()) in ([], ["folder.xlsx"])


def test_a_failure_part_way_leaves_the_previous_file_and_no_partial_one(tmp_path, monkeypatch):
    path = tmp_path / "annex_a.xlsx"
    path.write_bytes(b"last month's workbook")

    def fails_part_way(*, as_of, out, now=None):
        out.write(b"PK half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(services, "annex_a_workbook", fails_part_way)

    with pytest.raises(CommandError, match="No space left on device. Nothing was written."):
        run("--as-of", "2026-09-15", "--output", str(path))

    assert path.read_bytes() == b"last month's workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["annex_a.xlsx"]
