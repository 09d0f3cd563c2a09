"""The exam and person reports as people read them: stems and page titles, item flags only on enough
answers (pooled across exams), reliability per form, 缺考 counted apart."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from gradingfixture import PERFECT, QUESTIONS, manifest, read_xlsx, row, write_exam, write_sheet

from servicebook.cli import main
from servicebook.grading import itemstats

STEMS = {"ten-steps-001": "处理投诉的第一步是什么？", "ten-steps-002": "下列哪些做法属于致歉？",
         "phone-001": "电话铃响三声内接听。", "phone-002": "电话铃响 ___ 内接听，___ 内回电。",
         "repair-001": "把报修流程按顺序排列。", "case-001": "业主在前台大声投诉，你怎么处理？"}
PAGE = """---
title: 处理投诉十步法
id: ten-steps
category: 投诉处理
roles: [客服]
sources: [哈密波尔多小镇物业管理培训报告]
version: "1.0"
effective: 2026-01-01
review_by: 2027-12-01
---

## 第一步：聆听

先听。

## 第二步：致歉

再致歉。
"""
WRONG = ["A", "AB", "错", "五声；1小时", "ABCD", "0", "0"]


def run(*args):
    return CliRunner().invoke(main, list(args))


def people(count: int, start: int = 1) -> list[dict]:
    return [{"工号": f"E{i:03d}", "姓名": f"员工{i}", "岗位": "客服", "项目": "一期" if i % 2 else "二期"}
            for i in range(start, start + count)]


def exam_with_stems(month: str, staff: list[dict], *, forms: bool = False) -> dict:
    data = manifest(month=month, people=staff)
    for index, paper in enumerate(data["papers"]):
        for q in paper["questions"]:
            q["stem"] = STEMS[q["id"]]
        if forms:  # every paper its own form: a different first question
            paper["questions"][0] |= {"id": f"ten-steps-9{index:02d}", "stem": f"第 {index} 份试卷的第一题"}
    return data


def answers(i: int) -> list[str]:
    """Stronger people (higher i) get more right, so questions separate strong from weak."""
    return [p if (i + n) % 5 < 1 + i % 5 else w for n, (p, w) in enumerate(zip(PERFECT, WRONG))]


def grade(root, data: dict, sheet_rows: list[list]) -> None:
    write_exam(root, data)
    write_sheet(root / f"{data['exam_id']}.csv", sheet_rows, exam=data["exam_id"])
    result = run("grade", f"exams/{data['exam_id']}", f"{data['exam_id']}.csv")
    assert result.exit_code == 0, result.output


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SERVICEBOOK_DB", raising=False)
    (tmp_path / "docs" / "complaints").mkdir(parents=True)
    (tmp_path / "docs" / "complaints" / "ten-steps.md").write_text(PAGE, encoding="utf-8")
    return tmp_path


def exam_report(root, exam_id="2026-12-客服"):
    result = run("report", "exam", f"exams/{exam_id}")
    assert result.exit_code == 0, result.output
    html = (root / f"build/reports/exam-{exam_id}.html").read_text(encoding="utf-8")
    return html, root / f"build/reports/exam-{exam_id}.xlsx"


# ---- point 13: what a person reads ----

def test_reports_name_questions_by_stem_and_pages_by_title(project):
    grade(project, exam_with_stems("2026-12", people(3)),
          [row("", "", "P0001"), row("", "", "P0002", WRONG), row("", "", "P0003", WRONG)])
    html, xlsx = exam_report(project)
    analysis = read_xlsx(xlsx, "题目分析")
    first = next(r for r in analysis if r[-1] == "ten-steps-001")
    assert first[0] == "处理投诉的第一步是什么？" and first[8] == "处理投诉十步法 › 第一步：聆听"
    assert ["处理投诉十步法", "投诉处理", 1 / 3] in read_xlsx(xlsx, "知识点")
    text = re.sub(r"<[^>]+>", " ", html)
    assert "处理投诉十步法 › 第一步：聆听" in text and "complaints/ten-steps.md" not in text
    assert run("report", "person", "E002").exit_code == 0
    study = read_xlsx(project / "build/reports/person-E002.xlsx", "建议复习")
    assert study[0] == ["章节", "栏目", "答错题数", "答错的题目"]
    assert ["处理投诉十步法 › 第一步：聆听", "投诉处理", 1, "处理投诉的第一步是什么？"] in study
    assert ["phone › 接听", "礼仪与话术", 2, "电话铃响三声内接听。；电话铃响 ___ 内接听，___ 内回电。"] in study
    person = (project / "build/reports/person-E002.html").read_text(encoding="utf-8")
    assert "ten-steps-001" not in person and "ten-steps#" not in person


def test_the_answer_correction_history_names_the_question_by_its_stem(project):
    grade(project, exam_with_stems("2026-12", people(2)), [row("", "", "P0001"), row("", "", "P0002", WRONG)])
    assert run("exam", "fix-key", "exams/2026-12-客服", "ten-steps-001", "C", "--root", "x").exit_code == 0
    _, xlsx = exam_report(project)
    history = read_xlsx(xlsx, "答案更正")
    assert [r[2:] for r in history] == [["题目", "更正", "状态", "编号"],
                                        ["处理投诉的第一步是什么？", "B → C", "有效", "ten-steps-001"]]


def test_results_xlsx_names_questions_by_stem_with_the_id_last(project):
    grade(project, exam_with_stems("2026-12", people(2)), [row("", "", "P0001"), row("", "", "P0002", WRONG)])
    shares = read_xlsx(project / "results.xlsx", "题目得分率")
    assert shares[0] == ["题目", "题型", "得分率", "编号"]
    assert ["处理投诉的第一步是什么？", "单选", 0.5, "ten-steps-001"] in shares


# ---- point 14: item statistics on enough answers ----

def test_no_flags_below_twenty_answers_and_the_report_says_why(project):
    grade(project, exam_with_stems("2026-12", people(3)), [row("", "", f"P000{i}", WRONG) for i in (1, 2, 3)])
    _, xlsx = exam_report(project)
    first = next(r for r in read_xlsx(xlsx, "题目分析") if r[-1] == "ten-steps-001")
    assert first[2:4] == [3, 0]  # everyone wrong: would be 太难 on enough answers
    assert first[6:8] == ["—", "本次 3 人，不足 20 人，不作提示"]


def test_flags_appear_with_twenty_answers(project):
    grade(project, exam_with_stems("2026-12", people(24)),
          [row("", "", f"P{i:04d}", PERFECT[:1] + WRONG[1:2] + PERFECT[2:]) for i in range(1, 25)])
    _, xlsx = exam_report(project)
    rows = {r[-1]: r for r in read_xlsx(xlsx, "题目分析")[1:]}
    assert rows["ten-steps-001"][6:8] == ["太容易", "本次 24 人"]
    assert rows["ten-steps-002"][6:8] == ["太难", "本次 24 人"]


def test_the_same_question_is_pooled_across_exams_to_reach_twenty(project):
    for month, start in (("2026-10", 1), ("2026-11", 11), ("2026-12", 21)):
        grade(project, exam_with_stems(month, people(10, start)),
              [row("", "", f"P{i:04d}", WRONG[:1] + PERFECT[1:]) for i in range(1, 11)])
    _, xlsx = exam_report(project)
    rows = {r[-1]: r for r in read_xlsx(xlsx, "题目分析")[1:]}
    assert rows["ten-steps-001"][2] == 10  # n is this exam's own
    assert rows["ten-steps-001"][6:8] == ["太难", "本次与其他 2 次考试共 30 人：得分率 0%，区分度 —"]


def test_reliability_is_per_form_and_only_with_enough_people(project):
    staff = people(24)
    grade(project, exam_with_stems("2026-12", staff), [row("", "", f"P{i:04d}", answers(i)) for i in range(1, 25)])
    html, xlsx = exam_report(project)
    reliability = read_xlsx(xlsx, "信度")
    assert reliability[0] == ["试卷", "作答人数", "题数", "信度 α（KR-20）"]
    assert [r[:3] for r in reliability[1:]] == [["P0001 等 24 份（题目相同）", 24, 6]]

    grade(project, exam_with_stems("2027-01", staff, forms=True) | {"exam_id": "2027-01-客服"},
          [row("", "", f"P{i:04d}", answers(i)) for i in range(1, 25)])
    html, xlsx = exam_report(project, "2027-01-客服")
    assert read_xlsx(xlsx, "信度") == [["试卷", "作答人数", "题数", "信度 α（KR-20）"]]
    assert "本次作答人数最多的一份试卷只有 1 人，不计算信度。" in html


def test_cronbach_alpha_is_kr20_on_right_or_wrong_items():
    # three items, four people (number right 3, 2, 1, 0), each person five times over
    form = itemstats.FormSums()
    for right in [3, 2, 1, 0] * 5:
        form.totals.append(right)
    for item, p in enumerate([0.75, 0.5, 0.25]):
        form.add_item(f"q{item}", 20, 20 * p, 20 * p)
    assert form.alpha() == pytest.approx(1.5 * (1 - 0.625 / 1.25))
    few = itemstats.FormSums(items=form.items, totals=form.totals[:19])
    assert few.alpha() is None


# ---- 缺考 in the exam report ----

def test_absent_people_are_counted_apart_and_left_out_of_averages(project):
    grade(project, exam_with_stems("2026-12", people(3)),
          [row("", "", "P0001"), row("", "", "P0002", WRONG), row("", "", "P0003", [""] * 7)])
    html, xlsx = exam_report(project)
    assert "参加人数<b>2</b>" in html and "缺考<b>1</b>" in html and "及格率<b>50.0%</b>" in html
    assert read_xlsx(xlsx, "成绩")[3] == ["E003", "员工3", "一期", "P0003", None, "缺考"]
    assert read_xlsx(xlsx, "各项目")[1:] == [["一期", 1, 1, 55, 1], ["二期", 1, 0, 0, 0]]
