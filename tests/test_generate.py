"""Questions generated from ==highlights==: stable ids, numeral variants, distractors with the same unit."""

from __future__ import annotations

from pathlib import Path

from servicebook.bank.generate import generated_questions
from servicebook.kb.pages import load_knowledge_base
from servicebook.numerals import normalize_answer, same_answer, variants

HEAD = """---
title: {title}
id: {id}
category: 服务标准
roles: [客服]
sources: [哈密波尔多小镇物业管理培训报告]
version: "1.0"
effective: 2026-12-01
review_by: 2027-12-01
---

"""


def kb_with(tmp_path: Path, pages: dict[str, str]):
    docs = tmp_path / "docs"
    (docs / "standards").mkdir(parents=True, exist_ok=True)
    for page_id, body in pages.items():
        text = HEAD.format(title=page_id, id=page_id) + body
        (docs / "standards" / f"{page_id}.md").write_text(text, encoding="utf-8")
    return load_knowledge_base(docs)


LIMITS = """## 时限

前台接到报修后==10分钟==内填写报修表格。维修关闭后==24小时==内回访。

- 紧急维修应在==4小时==内到达现场。
- 电话铃响==3声==以内必须接听。
- 投诉在==2小时==内回帖。
- 受理后==12小时==内答复。
"""


def by_type(questions, qtype):
    return [q for q in questions if q.type == qtype]


def test_blank_question_blanks_the_fact_in_its_clause(tmp_path):
    questions = generated_questions(kb_with(tmp_path, {"limits": LIMITS}))
    first = by_type(questions, "填空")[0]
    assert first.stem == "前台接到报修后___内填写报修表格。"
    assert first.answer == ("10分钟|十分钟",)
    assert first.source == "limits#时限"
    assert first.roles == ("客服",) and first.generated and first.use == "both"
    assert first.id.startswith("gen-limits-") and first.id.endswith("-t")


def test_ids_stay_when_unrelated_text_changes_and_change_with_the_sentence(tmp_path):
    before = {q.id for q in generated_questions(kb_with(tmp_path / "a", {"limits": LIMITS}))}
    unrelated = LIMITS.replace("## 时限\n", "## 时限\n\n新加的一段说明文字。\n")
    assert {q.id for q in generated_questions(kb_with(tmp_path / "b", {"limits": unrelated}))} == before
    changed = LIMITS.replace("填写报修表格", "填写报修单")
    after = {q.id for q in generated_questions(kb_with(tmp_path / "c", {"limits": changed}))}
    assert len(before - after) in (1, 2) and len(after - before) == len(before - after)


def test_choice_question_uses_distractors_with_the_same_unit(tmp_path):
    questions = generated_questions(kb_with(tmp_path, {"limits": LIMITS}))
    choice = next(q for q in by_type(questions, "单选") if "回访" in q.stem)
    assert choice.stem == "维修关闭后（　　）内回访。"
    assert sorted(choice.options) == ["12小时", "24小时", "2小时", "4小时"]
    assert choice.options[ord(choice.answer[0]) - ord("A")] == "24小时"


def test_no_choice_question_without_three_distractors(tmp_path):
    questions = generated_questions(kb_with(tmp_path, {"limits": LIMITS}))
    assert not any("铃响" in q.stem for q in by_type(questions, "单选"))
    assert any("铃响" in q.stem for q in by_type(questions, "填空"))


def test_option_order_is_the_same_on_every_build(tmp_path):
    one = generated_questions(kb_with(tmp_path / "a", {"limits": LIMITS}))
    two = generated_questions(kb_with(tmp_path / "b", {"limits": LIMITS}))
    assert [(q.id, q.options, q.answer) for q in one] == [(q.id, q.options, q.answer) for q in two]


def test_table_row_becomes_a_sentence(tmp_path):
    body = "## 表\n\n| 环节 | 时限 |\n|---|---|\n| 回访 | ==24小时== |\n"
    blank = by_type(generated_questions(kb_with(tmp_path, {"table": body})), "填空")[0]
    assert blank.stem == "回访，___。"


def test_numeral_variants_are_accepted():
    assert variants("10分钟") == ["10分钟", "十分钟"]
    assert variants("3声") == ["3声", "三声"]
    assert variants("2个工作日") == ["2个工作日", "二个工作日", "两个工作日"]
    assert variants("同一间公司") == ["同一间公司"]
    assert normalize_answer("十 分钟") == normalize_answer("１０分钟") == "10分钟"
    assert same_answer("二十四小时", ["24小时"])
    assert not same_answer("12小时", ["24小时"])
