"""quizzes/plan.yml resolution and validation; blueprint validation with file:line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from servicebook.errors import ProblemsFound
from servicebook.exam.blueprint import load_blueprint, split
from servicebook.exam.plan import SLOT_NAMES, load_plan

SLOTS = "\n".join(f"    {name}: [p{i}]" for i, name in enumerate(SLOT_NAMES))
PLAN = f"""start: 2026-12
roles:
  客服:
{SLOTS}
overrides:
  "2027-03":
    客服: [special]
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_pages_for_gives_this_month_and_earlier_months_most_recent_first(tmp_path):
    plan = load_plan(write(tmp_path / "plan.yml", PLAN))
    assert plan.pages_for("2026-12", "客服") == (["p0"], [])
    assert plan.pages_for("2027-02", "客服") == (["p2"], ["p1", "p0"])
    assert plan.pages_for("2027-12", "客服") == (["p0"], [])


def test_override_replaces_one_month_and_counts_as_earlier_later(tmp_path):
    plan = load_plan(write(tmp_path / "plan.yml", PLAN))
    assert plan.pages_for("2027-03", "客服") == (["special"], ["p2", "p1", "p0"])
    assert plan.pages_for("2027-04", "客服") == (["p4"], ["special", "p2", "p1", "p0"])
    assert plan.pages_for("2028-03", "客服") == (["p3"], ["p2", "p1", "p0"])


def test_month_before_the_plan_is_reported(tmp_path):
    plan = load_plan(write(tmp_path / "plan.yml", PLAN))
    with pytest.raises(ProblemsFound) as error:
        plan.pages_for("2026-11", "客服")
    assert error.value.problems[0].message == "2026-11 客服：培训计划中没有这个月份。"


def test_plan_errors_name_the_line(tmp_path):
    text = PLAN.replace("  客服:\n", "  保洁:\n").replace('"2027-03"', '"2027-3"')
    with pytest.raises(ProblemsFound) as error:
        load_plan(write(tmp_path / "plan.yml", text))
    file = os.path.relpath(tmp_path / "plan.yml")
    assert [str(p).splitlines()[0] for p in error.value.problems] == [
        f"{file}:3: '保洁' 不是有计划的岗位；应为 客服、安保、工程、环境、案场、管理、新员工 之一。",
        f"{file}:17: overrides 中的月份 '2027-3' 应写成 YYYY-MM。",
    ]


BLUEPRINT = """role: 客服
title: 客服月考
duration_minutes: 60
pass_mark: 60
review_share: 0.3
difficulty_mix: {1: 0.5, 2: 0.3, 3: 0.2}
include_red_lines: true
scoring: {多选: partial, 排序: all-or-nothing}
sections:
  - {type: 单选, count: 20, points: 3}
  - {type: 情景, count: 2, points: 20}
"""


def test_blueprint_loads_with_totals(tmp_path):
    blueprint = load_blueprint(write(tmp_path / "kefu.yml", BLUEPRINT))
    assert blueprint.total_points == 100
    assert blueprint.question_count == 22
    assert blueprint.scoring == {"多选": "partial", "排序": "all-or-nothing"}
    assert blueprint.difficulty_targets() == {1: 11, 2: 7, 3: 4}


def test_blueprint_errors_name_file_line_and_fix(tmp_path):
    text = (BLUEPRINT.replace("pass_mark: 60", "pass_mark: 120").replace("{1: 0.5, 2: 0.3, 3: 0.2}", "{1: 0.5, 2: 0.3}")
            .replace("type: 情景", "type: 问答"))
    with pytest.raises(ProblemsFound) as error:
        load_blueprint(write(tmp_path / "kefu.yml", text))
    file = os.path.relpath(tmp_path / "kefu.yml")
    assert str(error.value).splitlines() == [
        f"{file}:6: difficulty_mix 的比例合计 0.8，应为 1。",
        "    修改方法：调整各难度比例，使合计为 1。",
        f"{file}:11: 题型 '问答' 应为 单选、多选、判断、填空、排序、情景 之一。",
        "    修改方法：按题型填写中文名称。",
        "共发现 2 个错误。",
    ]


def test_split_uses_largest_remainder():
    assert split(10, {1: 0.45, 2: 0.45, 3: 0.1}) == {1: 5, 2: 4, 3: 1}
    assert sum(split(7, {1: 1 / 3, 2: 1 / 3, 3: 1 / 3}).values()) == 7
