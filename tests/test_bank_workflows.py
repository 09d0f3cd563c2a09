"""The `servicebook bank` workflows as library calls (servicebook.api): what they write and return,
and what they refuse, with no click in between."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from test_bank_stats import TEN_STEPS, project, write_page  # noqa: F401 - `project` is a fixture
from test_review import graded  # noqa: F401 - a fixture: one exam graded into a gradebook

from servicebook import api
from servicebook.bank import factslock, review
from servicebook.errors import ProblemsFound


def break_a_link(root: Path) -> None:
    write_page(root, "complaints/broken.md", "## 说明\n\n见[不存在的页面](missing.md)。\n", id="broken")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_lock_facts_records_every_highlight_then_counts_a_changed_value(project):
    first = api.lock_facts(project)
    assert (first.total, first.added, first.changed, first.removed) == (2, 2, 0, 0)
    recorded = factslock.load(project / "quizzes")
    assert sorted(entry["value"] for entry in recorded.values()) == ["10分钟", "投诉登记表"]
    write_page(project, "complaints/ten-steps.md", TEN_STEPS.replace("==10分钟==", "==15分钟==")
               .replace("==投诉登记表==", "投诉登记表"))
    second = api.lock_facts(project)
    assert (second.total, second.added, second.changed, second.removed) == (1, 0, 1, 1)
    assert [entry["value"] for entry in factslock.load(project / "quizzes").values()] == ["15分钟"]
    assert second.path == project / "quizzes" / factslock.FILE and leftovers(project / "quizzes") == []


def test_lock_facts_refuses_pages_with_errors_and_writes_nothing(project):
    break_a_link(project)
    with pytest.raises(ProblemsFound) as refused:
        api.lock_facts(project)
    assert str(refused.value).startswith("页面检查未通过，请先运行 servicebook check 并修正：")
    assert "broken.md" in str(refused.value)
    assert not (project / "quizzes" / factslock.FILE).exists()


def test_stamp_fingerprints_counts_the_questions_it_updated(project):
    assert api.stamp_fingerprints(project) == 3  # none was stamped, or stamped from older text
    assert api.stamp_fingerprints(project) == 0


def sheet_rows(path: Path) -> dict[str, list]:
    sheet = openpyxl.load_workbook(path)[review.SHEET]
    return {row[0]: list(row) for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_review_sheet_without_a_gradebook_lists_every_question(project, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SERVICEBOOK_DB", raising=False)
    out = tmp_path / "审题表.xlsx"
    sheet = api.review_sheet(project, out)
    rows = sheet_rows(out)
    assert {"ten-steps-001", "ten-steps-002", "ten-steps-003"} <= set(rows)
    assert any(qid.startswith("gen-") for qid in rows)
    assert (sheet.out, sheet.questions, sheet.graded) == (out, len(rows), 0)


def test_review_sheet_carries_pooled_statistics_from_the_gradebook(project, graded, tmp_path):
    out = tmp_path / "审题表.xlsx"
    sheet = api.review_sheet(project, out, db=graded)
    assert sheet.graded >= 1
    header = [c.value for c in openpyxl.load_workbook(out)[review.SHEET][1]]
    facility = next(i for i, name in enumerate(header) if "答对率" in str(name))
    assert sheet_rows(out)["ten-steps-001"][facility] not in (None, "")


def test_review_sheet_refuses_a_bank_with_errors(project, tmp_path):
    break_a_link(project)
    with pytest.raises(ProblemsFound, match="^检查未通过，请先运行 servicebook check 并修正："):
        api.review_sheet(project, tmp_path / "审题表.xlsx")
    assert not (tmp_path / "审题表.xlsx").exists()


def mark(path: Path, marks: dict[str, str]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[review.SHEET]
    header = [c.value for c in sheet[1]]
    for row in range(2, sheet.max_row + 1):
        qid = sheet.cell(row=row, column=1).value
        if qid in marks:
            sheet.cell(row=row, column=header.index(review.MARK_HEADER) + 1, value=marks[qid])
    book.save(path)


def test_import_review_merges_marks_and_a_bad_sheet_writes_nothing(project, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SERVICEBOOK_DB", raising=False)
    out = tmp_path / "审题表.xlsx"
    api.review_sheet(project, out)
    mark(out, {"ten-steps-001": "停用", "ten-steps-002": "通过"})
    imported = api.import_review(project, out)
    assert imported.counts == {"通过": 1, "修改": 0, "停用": 1} and imported.total == 2
    assert imported.file == "quizzes/review.yml" and imported.path == project / "quizzes" / review.FILE
    marks, problems = review.load(project / "quizzes")
    assert not problems and {k: m.mark for k, m in marks.items()} == {"ten-steps-001": "停用", "ten-steps-002": "通过"}
    written = imported.path.read_text(encoding="utf-8")

    mark(out, {"ten-steps-003": "删除"})
    with pytest.raises(ProblemsFound, match="^审题表有误，没有写入："):
        api.import_review(project, out)
    assert imported.path.read_text(encoding="utf-8") == written and leftovers(project / "quizzes") == []


def test_bank_stats_returns_the_figures_and_writes_the_page(project, tmp_path):
    page = tmp_path / "out" / "stats.html"
    stats = api.bank_stats(project, html=page)
    assert (stats.total.authored, stats.errors) == (3, 0)
    assert stats.types["判断"].authored == 1 and stats.types["填空"].authored == 1
    assert "<h1>题库统计</h1>" in page.read_text(encoding="utf-8")
    break_a_link(project)
    assert api.bank_stats(project).errors >= 1
