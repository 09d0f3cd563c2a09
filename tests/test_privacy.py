"""A trainer's whole month in a copy of the project: staff names and scores never reach the site."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner
from conftest import copy_project, mkdocs_build

from servicebook.cli import main

STAFF = [("Z90001", "甄隐私", "客服", "保密花园"), ("Z90002", "贾机密", "客服", "保密花园")]


def test_names_scores_and_gradebook_stay_out_of_the_built_site(tmp_path, monkeypatch):
    root = copy_project(tmp_path)
    monkeypatch.chdir(root)
    monkeypatch.delenv("SERVICEBOOK_DB", raising=False)
    roster = root / "roster.csv"
    roster.write_text("工号,姓名,岗位,项目\n" + "".join(",".join(p) + "\n" for p in STAFF), encoding="utf-8-sig")

    made = CliRunner().invoke(main, ["exam", "new", "--month", "2026-12", "--role", "客服", "--roster", str(roster),
                                     "--out", "exams/2026-12-客服", "--no-pdf"])
    assert made.exit_code == 0, made.output
    graded = CliRunner().invoke(main, ["grade", "exams/2026-12-客服", "exams/2026-12-客服/answer-sheet.xlsx",
                                       "--allow-blank", "--blank-is-zero"])
    assert graded.exit_code == 0, graded.output
    assert (root / "data" / "gradebook.sqlite").is_file()

    site = tmp_path / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr[-3000:]

    secrets = [value for person in STAFF for value in (person[0], person[1], person[3])]
    for path in site.rglob("*"):
        if path.is_file():
            assert path.suffix not in (".sqlite", ".xlsx"), path
            text = path.read_bytes().decode("utf-8", errors="ignore")
            for secret in secrets:
                assert secret not in text, f"{path} 中出现了员工信息 {secret}"
    # The results exist — beside the answer sheet, not on the site.
    sheet = openpyxl.load_workbook(root / "exams/2026-12-客服/results.xlsx", read_only=True).active
    assert any("甄隐私" in str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
