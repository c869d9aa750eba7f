"""manage.py export_cin_census: a valid return written atomically, or a sentence and nothing."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from haven.census import selectors, services, xml
from haven.census.tests.export_borough import build_borough
from haven.census.xml import validate_census
from haven.census.years import census_year
from haven.core.models import AuditEvent
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def borough():
    return build_borough()


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("export_cin_census", *args, stdout=out)
    return out.getvalue()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def exports() -> int:
    return AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count()


def test_writes_a_valid_return_and_says_so(borough, tmp_path):
    target = tmp_path / "census.xml"

    said = run("--year", "2025-26", "--output", str(target), "--serial-no", "12")

    assert said == f"Wrote 5 children to {target} (valid against CIN_schema_2025-26.xsd)\n"
    assert validate_census(target, year=census_year("2025-26")) == []
    assert b"<SerialNo>012</SerialNo>" in target.read_bytes()
    assert b"<PreProceedingsandFGDM>" not in target.read_bytes()
    assert leftovers(tmp_path) == ["census.xml"]  # no temporary file left beside it


def test_2026_27_has_the_pre_proceedings(borough, tmp_path):
    target = tmp_path / "census-2026-27.xml"

    said = run("--year", "2026-27", "--output", str(target))

    assert said.startswith("Wrote 6 children to ")
    assert said.endswith("(valid against CIN_schema_2026-27.xsd)\n")
    assert b"<PreProceedingsandFGDM>" in target.read_bytes()


def test_the_export_is_audited_as_the_system(borough, tmp_path):
    run("--year", "2025-26", "--output", str(tmp_path / "census.xml"))

    (row,) = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT)
    assert row.actor.username == services.SYSTEM_USERNAME
    assert row.detail == "CIN census 2025-26: 5 children, serial 001"
    system = row.actor
    assert not system.is_active
    assert not system.has_usable_password()


def test_an_unknown_year_is_refused_with_a_sentence(borough, tmp_path):
    target = tmp_path / "census.xml"

    with pytest.raises(CommandError) as refused:
        run("--year", "2024-25", "--output", str(target))

    assert "no specification for the census year '2024-25'" in str(refused.value)
    assert "2025-26, 2026-27" in str(refused.value)
    assert leftovers(tmp_path) == []


def test_a_negative_serial_number_is_refused(borough, tmp_path):
    with pytest.raises(CommandError, match="--serial-no must be 0 or more"):
        run("--year", "2025-26", "--output", str(tmp_path / "c.xml"), "--serial-no", "-1")

    assert leftovers(tmp_path) == []


def test_a_folder_that_does_not_exist_is_refused(borough, tmp_path):
    target = tmp_path / "missing" / "census.xml"

    with pytest.raises(CommandError, match="Cannot write to the folder .*missing"):
        run("--year", "2025-26", "--output", str(target))

    assert not target.parent.exists()
    assert exports() == 0


def test_a_folder_as_output_is_refused(borough, tmp_path):
    with pytest.raises(CommandError, match="is a folder"):
        run("--year", "2025-26", "--output", str(tmp_path))

    assert leftovers(tmp_path) == []


def test_a_file_as_the_folder_is_refused(borough, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")

    with pytest.raises(CommandError, match="Cannot write to the folder"):
        run("--year", "2025-26", "--output", str(blocked / "census.xml"))

    assert leftovers(tmp_path) == ["file"]
    assert exports() == 0


def test_a_failed_rename_leaves_nothing(borough, tmp_path, monkeypatch):
    """The last step, putting the checked file in place, fails: no file, no audit rows."""
    from haven.census.management.commands import export_cin_census

    def refuse(source, target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(export_cin_census.os, "replace", refuse)

    with pytest.raises(CommandError, match="Could not write .*Permission denied"):
        run("--year", "2025-26", "--output", str(tmp_path / "census.xml"))

    assert leftovers(tmp_path) == []
    assert exports() == 0


def test_an_invalid_return_is_not_written(borough, tmp_path, monkeypatch):
    """If what was written fails the XSD (here the Header loses SoftwareCode), the command says
    so, leaves the existing file alone, and the audit rows are taken back."""
    target = tmp_path / "census.xml"
    target.write_text("last year's return")
    monkeypatch.setattr(xml, "SOFTWARE_CODE", "")

    with pytest.raises(CommandError) as refused:
        run("--year", "2025-26", "--output", str(target))

    message = str(refused.value)
    assert "does not validate against CIN_schema_2025-26.xsd" in message
    assert "SoftwareCode" in message
    assert message.endswith("Nothing was written.")
    assert target.read_text() == "last year's return"
    assert leftovers(tmp_path) == ["census.xml"]
    assert exports() == 0


def test_a_failure_half_way_leaves_no_partial_file(borough, tmp_path, monkeypatch):
    target = tmp_path / "census.xml"
    target.write_text("last year's return")
    real = selectors.census_children

    def breaks_after_two(**kwargs):
        for number, child in enumerate(real(**kwargs)):
            if number == 2:
                raise RuntimeError("the database went away")
            yield child

    monkeypatch.setattr(selectors, "census_children", breaks_after_two)

    with pytest.raises(RuntimeError, match="went away"):
        run("--year", "2025-26", "--output", str(target))

    assert target.read_text() == "last year's return"
    assert leftovers(tmp_path) == ["census.xml"]
    assert exports() == 0


def test_no_child_in_scope_is_refused(tmp_path):
    user = f.staff_user()
    f.open_episode(f.ChildFactory(), user, D(2026, 4, 7))  # 2026-27 only

    with pytest.raises(CommandError, match="No child is in scope of the census year 2025-26"):
        run("--year", "2025-26", "--output", str(tmp_path / "census.xml"))

    assert leftovers(tmp_path) == []


def test_from_the_shell_a_refusal_exits_non_zero_without_a_traceback(tmp_path):
    result = subprocess.run(  # noqa: S603 - this interpreter and manage.py, fixed arguments
        [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "export_cin_census",
            "--year",
            "1999-00",
            "--output",
            str(tmp_path / "census.xml"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        check=False,
        timeout=120,
    )

    assert result.returncode != 0
    assert "no specification for the census year '1999-00'" in result.stderr
    assert "Traceback" not in result.stderr
    assert leftovers(tmp_path) == []
