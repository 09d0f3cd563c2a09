"""The question bank: errors with file and line, and questions flagged for review when their section changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_validation import write_page

from servicebook.cli import main

QUESTION = """\
questions:
  - id: ten-steps-001
    type: 单选
    stem: 接报后多久内回应？
    options: [5分钟, 10分钟, 30分钟]
    answer: {answer}
    explanation: 见十步法。
    source: ten-steps#{anchor}
    roles: [客服]
    difficulty: 1
    points: 2
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "includes").mkdir()
    (tmp_path / "includes" / "sources.yml").write_text("- title: 哈密波尔多小镇物业管理培训报告\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("---\ntitle: 首页\n---\n", encoding="utf-8")
    write_page(tmp_path)
    return tmp_path


def write_bank(root: Path, answer: str = "B", anchor: str = "第一步聆听") -> Path:
    path = root / "quizzes" / "bank" / "complaints" / "ten-steps.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(QUESTION.format(answer=answer, anchor=anchor), encoding="utf-8")
    return path


def check(root: Path, *args: str):
    return CliRunner().invoke(main, ["check", "--root", str(root), *args])


def test_answer_not_among_options_names_file_and_line(project):
    write_bank(project, answer="D")
    result = check(project)
    assert result.exit_code == 1
    assert "ten-steps.yml:6: 题目 ten-steps-001：答案 'D' 不是选项 A、B、C 之一。" in result.output


def test_source_anchor_must_exist(project):
    write_bank(project, anchor="第九步")
    result = check(project)
    assert result.exit_code == 1
    assert "ten-steps.yml:2: 题目 ten-steps-001：页面" in result.output and "中没有标题锚点 #第九步。" in result.output


def test_changed_section_flags_question_for_review(project):
    bank = write_bank(project)
    stamp = CliRunner().invoke(main, ["bank", "stamp", "--root", str(project)])
    assert stamp.exit_code == 0 and "已更新 1 道题的指纹。" in stamp.output
    assert "fingerprint:" in bank.read_text(encoding="utf-8")
    assert check(project).exit_code == 0

    page = project / "docs" / "complaints" / "ten-steps.md"
    page.write_text(page.read_text(encoding="utf-8").replace("==10分钟==", "==15分钟=="), encoding="utf-8")
    result = check(project)
    assert result.exit_code == 0  # a warning by default …
    assert "题目 ten-steps-001 需要复核：出题依据的章节《处理投诉十步法》#第一步聆听 内容已修改。" in result.output
    assert check(project, "--strict").exit_code == 1  # … and an error with --strict

    CliRunner().invoke(main, ["bank", "stamp", "--root", str(project)])
    assert "需要复核" not in check(project).output


def write_raw(root: Path, text: str) -> Path:
    path = root / "quizzes" / "bank" / "complaints" / "extra.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


COMMON = "    explanation: 见十步法。\n    source: ten-steps#第一步聆听\n    roles: [客服]\n    difficulty: 1\n"


def test_duplicate_id_names_both_places(project):
    write_bank(project)
    write_raw(project, "questions:\n  - id: ten-steps-001\n    type: 判断\n    stem: 对吗？\n    answer: 对\n"
              + COMMON + "    points: 2\n")
    result = check(project)
    assert result.exit_code == 1
    # Files load in name order: extra.yml comes first, so ten-steps.yml holds the duplicate.
    assert "ten-steps.yml:2: 题目编号 ten-steps-001 与" in result.output and "extra.yml:2 重复。" in result.output


def test_blank_without_accepted_answer(project):
    write_raw(project, "questions:\n  - id: blank-001\n    type: 填空\n    stem: 接报后___内回应。\n"
              "    answer: [\" | \"]\n" + COMMON + "    points: 2\n")
    result = check(project)
    assert result.exit_code == 1
    assert "extra.yml:5: 题目 blank-001：第 1 个空没有可接受的答案。" in result.output


def test_rubric_that_does_not_add_up(project):
    write_raw(project, "questions:\n  - id: case-001\n    type: 情景\n    stem: 业主在前台大声吵闹。\n"
              "    rubric:\n      - {point: 先安抚情绪, score: 4}\n      - {point: 记录并跟进, score: 4}\n"
              + COMMON + "    points: 10\n")
    result = check(project)
    assert result.exit_code == 1
    assert "extra.yml:5: 题目 case-001：评分要点分值合计 8 分，与题目分值 points: 10 不符。" in result.output


def test_an_all_digit_fingerprint_is_still_text(tmp_path):
    from servicebook.bank.questions import build_question

    data = {"id": "a-001", "type": "判断", "stem": "题干。", "explanation": "解析。", "source": "p#a", "roles": ["客服"],
            "difficulty": 1, "points": 2, "answer": "对", "fingerprint": 592109675584}
    question, problems = build_question(data, {}, "x.yml", 1, {})
    assert not problems and question.fingerprint == "592109675584"
