"""The line-aware YAML reader: text stays as written, and reading many files holds on to nothing."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import yaml

from servicebook import yamlfile
from servicebook.bank.loader import load_file

BANK = """\
questions:
  - id: dates-001
    type: 单选
    stem: 下列哪一项是 2026-12-01 生效的版本号？
    options: [2026-13-01, 2026-12-01, 1.50, 010]
    answer: B
    explanation: 2026-12-01
    source: ten-steps#第一步聆听
    roles: [客服]
    difficulty: 1
    points: 2
  - id: dates-002
    type: 填空
    stem: 标准编号是 ___，版本是 ___。
    answer: [010, 1.50]
    explanation: 见标准。
    source: ten-steps#第一步聆听
    roles: [客服]
    difficulty: 1
    points: 2
  - id: dates-003
    type: 排序
    stem: 按日期先后排列。
    items: [2026-11-30, 2026-12-01, 2026-13-01]
    explanation: 按日期。
    source: ten-steps#第一步聆听
    roles: [客服]
    difficulty: 1
    points: 2
"""


def write(tmp_path: Path) -> Path:
    path = tmp_path / "dates.yml"
    path.write_text(BANK, encoding="utf-8")
    return path


def test_options_that_look_like_dates_or_numbers_stay_as_written(tmp_path):
    questions, problems = load_file(write(tmp_path))
    assert problems == []
    single, blank, ordering = questions
    assert single.options == ("2026-13-01", "2026-12-01", "1.50", "010")
    assert single.stem == "下列哪一项是 2026-12-01 生效的版本号？"
    assert single.explanation == "2026-12-01"
    assert blank.answer == ("010", "1.50")
    assert ordering.items == ("2026-11-30", "2026-12-01", "2026-13-01")


def test_an_impossible_date_inside_a_list_is_text_not_a_node(tmp_path):
    # Before: the whole list failed to construct and came back as its nodes ("ScalarNode(tag=…)").
    node = yaml.compose("[2026-13-01, 2026-12-01, 3]", Loader=yamlfile.FAST_LOADER)

    assert yamlfile.construct(node) == ["2026-13-01", dt.date(2026, 12, 1), 3]
    assert yamlfile.construct(node, text=True) == ["2026-13-01", "2026-12-01", "3"]


def test_numbers_and_dates_keep_their_types_where_the_schema_expects_them(tmp_path):
    node = yaml.compose("{points: 2, effective: 2026-12-01, red_line: true, score: 1.5}", Loader=yamlfile.FAST_LOADER)

    assert yamlfile.construct(node) == {"points": 2, "effective": dt.date(2026, 12, 1), "red_line": True, "score": 1.5}


def live_nodes() -> int:
    gc.collect()
    return sum(isinstance(o, yaml.Node) for o in gc.get_objects())


def test_reading_many_times_holds_no_nodes(tmp_path):
    """`mkdocs serve` reloads the bank on every change: nothing may pile up across reloads."""
    path = write(tmp_path)
    load_file(path)
    before = live_nodes()
    for _ in range(30):
        load_file(path)
    assert live_nodes() == before


def test_records_give_each_mapping_with_its_lines_and_name_an_item_that_is_not_one():
    node = yaml.compose("- {id: a, code: 010}\n- 只是一句话\n- id: b\n  code: 010\n")
    problems = []
    found = list(yamlfile.records(node, "x.yml", problems, ("每项应为“字段: 值”。", "改成 id: …"), ("code",)))
    assert found == [(1, {"id": "a", "code": "010"}, {"id": 1, "code": 1}),
                     (3, {"id": "b", "code": "010"}, {"id": 3, "code": 4})]
    assert [(p.path, p.line, p.message, p.hint) for p in problems] == [("x.yml", 2, "每项应为“字段: 值”。", "改成 id: …")]
    assert [data["code"] for _, data, _ in yamlfile.records(node, "x.yml", [], ("", ""))] == [8, 8]
