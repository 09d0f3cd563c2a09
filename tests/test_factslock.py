"""quizzes/facts.lock: a changed value is told from a new fact, and every place stating the old value is listed."""

from __future__ import annotations

from servicebook.bank import factslock
from servicebook.bank.generate import extract_facts
from servicebook.bank.questions import Question, RubricItem
from test_generate import kb_with

PAGE = "## 时限\n\n维修关闭后==24小时==内，前台进行第一次回访。\n"
OTHER = "## 回访\n\n维修完成后请记住：维修关闭后24小时内，前台进行第一次回访。\n"


def question(qid, stem, page="limits", **extra):
    fields = {"type": "判断", "options": ("对", "错"), "answer": ("对",), **extra}
    return Question(id=qid, stem=stem, explanation="见页面。", source=f"{page}#时限", roles=("客服",), difficulty=1,
                    points=2, file="quizzes/bank/x.yml", line=3, **fields)


def test_a_changed_value_lists_questions_and_pages_still_stating_the_old_one(tmp_path):
    before = kb_with(tmp_path / "a", {"limits": PAGE})
    locked = factslock.entries(extract_facts(before))
    after = kb_with(tmp_path / "b", {"limits": PAGE.replace("==24小时==", "==12小时=="), "other": OTHER})
    facts = extract_facts(after)
    scenario = question("s-1", "业主问回访", page="other", type="情景", options=(), answer=(),
                        rubric=(RubricItem("说明维修关闭后24小时内回访", 2),))
    questions = [question("q-1", "维修关闭后24小时内，前台进行第一次回访。"), scenario,
                 question("q-3", "投诉24小时内答复。", page="other")]
    problems = factslock.check(locked, facts, questions, after, "quizzes/facts.lock")
    errors = [p for p in problems if not p.warning]
    assert len(errors) == 1
    message = errors[0].message
    assert "由 24小时 改为 12小时" in message
    assert "q-1" in message and "s-1" in message and "q-3" not in message
    assert "other.md" in message


def test_a_new_fact_is_not_a_changed_value(tmp_path):
    before = kb_with(tmp_path / "a", {"limits": PAGE})
    locked = factslock.entries(extract_facts(before))
    after = kb_with(tmp_path / "b", {"limits": PAGE + "\n报修后==10分钟==内填写报修单。\n"})
    problems = factslock.check(locked, extract_facts(after), [], after, "quizzes/facts.lock")
    assert [p.warning for p in problems] == [True] and "新的应知应会" in problems[0].message


def test_one_fact_with_two_values_in_two_places_is_found(tmp_path):
    kb = kb_with(tmp_path, {"limits": PAGE, "other": PAGE.replace("24小时", "12小时").replace("## 时限", "## 回访")})
    problems = factslock.disagreements(extract_facts(kb))
    assert len(problems) == 1 and "24小时" in problems[0].message and "12小时" in problems[0].message


def test_no_record_no_problems(tmp_path):
    kb = kb_with(tmp_path, {"limits": PAGE})
    assert factslock.check(None, extract_facts(kb), [], kb, "quizzes/facts.lock") == []


# ---- one fact, one value everywhere (prose and authored questions too) ----

LIMIT = "## 时限\n\n前台接到报修后==10分钟==内填写报修表格并转维修组。\n"


def test_a_page_restating_a_highlighted_quantity_with_another_value_is_found(tmp_path):
    other = "## 现场\n\n遇到漏水，交前台：前台接到报修后 30 分钟内填写报修表格转维修组。\n"
    kb = kb_with(tmp_path, {"limits": LIMIT, "other": other})
    problems = factslock.check({}, extract_facts(kb), [], kb, "quizzes/facts.lock")
    found = [p for p in problems if "数值不一致" in p.message]
    assert len(found) == 1 and found[0].warning
    lines = (tmp_path / "docs" / "standards" / "other.md").read_text(encoding="utf-8").splitlines()
    assert found[0].path.endswith("other.md") and lines[found[0].line - 1].startswith("遇到漏水")
    assert "30分钟" in found[0].message and "10分钟" in found[0].message


def test_a_rubric_or_explanation_with_another_value_is_found_but_a_false_statement_is_not(tmp_path):
    kb = kb_with(tmp_path, {"limits": LIMIT})
    rubric = question("s-1", "业主报修，你怎样做？", type="情景", options=(), answer=(),
                      rubric=(RubricItem("前台接到报修后20分钟内填单转维修组", 2),))
    wrong_on_purpose = question("j-1", "前台接到报修后30分钟内填写报修表格。", answer=("错",))
    distractor = question("c-1", "前台多久内填写报修表格？", type="单选", answer=("A",),
                          options=("前台接到报修后10分钟内填写", "前台接到报修后30分钟内填写"))
    same = question("j-2", "前台接到报修后10分钟内填写报修表格。")
    problems = factslock.check({}, extract_facts(kb), [rubric, wrong_on_purpose, distractor, same], kb, "quizzes/facts.lock")
    found = [p for p in problems if "数值不一致" in p.message]
    assert len(found) == 1 and "题目 s-1" in found[0].message and "20分钟" in found[0].message


def test_other_words_after_the_value_are_another_fact(tmp_path):
    other = "## 回访\n\n前台接到报修后 24 小时内回访业主。\n"
    kb = kb_with(tmp_path, {"limits": LIMIT, "other": other})
    problems = factslock.check({}, extract_facts(kb), [], kb, "quizzes/facts.lock")
    assert not [p for p in problems if "数值不一致" in p.message]
