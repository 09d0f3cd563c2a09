"""Questions generated from ==highlights==: stable ids, numeral variants, distractors with the same unit."""

from __future__ import annotations

from pathlib import Path

from servicebook.bank.generate import extract_facts, generated_questions, strip_lead_in
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


def test_blank_question_blanks_the_fact_in_its_clause_after_a_lead_in(tmp_path):
    questions = generated_questions(kb_with(tmp_path, {"limits": LIMITS}))
    first = by_type(questions, "填空")[0]
    assert first.stem == "【limits · 时限】前台接到报修后___内填写报修表格。"
    assert strip_lead_in(first.stem) == "前台接到报修后___内填写报修表格。"
    assert first.answer == ("10分钟|十分钟",)
    assert first.source == "limits#时限"
    assert first.roles == ("客服",) and first.generated and first.use == "both"
    assert first.id.startswith("gen-limits-") and first.id.endswith("-t")
    assert first.fact.startswith("limits#时限@")


def test_ids_follow_the_words_not_the_value(tmp_path):
    before = {q.id for q in generated_questions(kb_with(tmp_path / "a", {"limits": LIMITS}))}
    unrelated = LIMITS.replace("## 时限\n", "## 时限\n\n新加的一段说明文字。\n")
    assert {q.id for q in generated_questions(kb_with(tmp_path / "b", {"limits": unrelated}))} == before
    value = LIMITS.replace("==10分钟==", "==15分钟==")
    assert {q.id for q in generated_questions(kb_with(tmp_path / "v", {"limits": value}))} == before
    changed = LIMITS.replace("填写报修表格", "填写报修单")
    after = {q.id for q in generated_questions(kb_with(tmp_path / "c", {"limits": changed}))}
    assert len(before - after) in (1, 2) and len(after - before) == len(before - after)


def test_choice_question_uses_values_of_the_same_unit_in_the_facts_own_words(tmp_path):
    questions = generated_questions(kb_with(tmp_path, {"limits": LIMITS}))
    choice = next(q for q in by_type(questions, "单选") if "回访" in q.stem)
    assert choice.stem == "【limits · 时限】维修关闭后（　　）内回访。"
    assert sorted(choice.options) == ["12小时", "24小时", "2小时", "4小时"]
    assert choice.options[ord(choice.answer[0]) - ord("A")] == "24小时"
    assert choice.distractor_kind == "同单位数值"


def test_a_numbers_qualifier_and_numerals_carry_over_to_its_distractors(tmp_path):
    body = ("## 时限\n\n- 投诉须在==两个工作日==内答复。\n- 报修须在==1个工作日==内处理。\n"
            "- 验收须在==3个工作日==内完成。\n- 回访须在==5个工作日==内完成。\n")
    questions = generated_questions(kb_with(tmp_path, {"days": body}))
    choice = next(q for q in by_type(questions, "单选") if "投诉" in q.stem)
    assert sorted(choice.options) == ["一个工作日", "三个工作日", "两个工作日", "五个工作日"]


def test_no_choice_question_without_three_same_kind_distractors(tmp_path):
    questions = generated_questions(kb_with(tmp_path, {"limits": LIMITS}))
    assert not any("铃响" in q.stem for q in by_type(questions, "单选"))
    assert any("铃响" in q.stem for q in by_type(questions, "填空"))


def test_long_phrases_and_lists_are_never_typed_blanks(tmp_path):
    body = ("## 角色\n\n物业管理员要身兼四种角色：==服务大使、信息员、投诉处理员及联络员==。\n\n"
            "对投诉要做到==认真记录并在当天内给出负责任的答复==。\n")
    questions = generated_questions(kb_with(tmp_path, {"roles": body}))
    assert by_type(questions, "填空") == []


def test_a_number_word_is_a_term_not_a_quantity(tmp_path):
    body = "## 态度\n\n对每一位顾客，都应==一视同仁==。\n\n接到投诉应在==第一时间==回应。\n"
    facts = extract_facts(kb_with(tmp_path, {"attitude": body}))
    assert [f.unit for f in facts] == [None, None]


def test_term_distractors_are_siblings_of_the_same_list(tmp_path):
    body = ("## 资料\n\n- 装修单位营业执照复印件要==加盖公章==。\n- 如更改原有水电线路，需提供==水电线路图==。\n"
            "- 非住宅用途房屋还须提交政府部门的==施工许可证==。\n- 代收税费时需提供业主与装修单位签订的==装修合同复印件==。\n")
    questions = generated_questions(kb_with(tmp_path, {"filing": body}))
    choice = next(q for q in by_type(questions, "单选") if "代收税费" in q.stem)
    assert choice.stem == "【filing · 资料】代收税费时需提供业主与装修单位签订的（　　）。"
    assert sorted(choice.options) == sorted(["加盖公章", "水电线路图", "施工许可证", "装修合同复印件"])
    assert choice.distractor_kind == "同列表"


def test_parallel_tips_get_no_term_distractors(tmp_path):
    body = ("## 巡查\n\n- 服务柜台要保持==整洁==。\n- 公司标志要==光鲜清洁==。\n- 洗手间要保持==清洁干爽==。\n"
            "- 地面不能有==垃圾==。\n")
    assert by_type(generated_questions(kb_with(tmp_path, {"checks": body})), "单选") == []


def test_an_answer_the_sentence_or_heading_prints_is_not_asked(tmp_path):
    body = ("## 首问负责制\n\n执行==首问负责制==，首问负责制要求第一位接待的员工负责到底。\n\n"
            "## 称呼顾客用姓氏\n\n称呼顾客时，以顾客的==姓氏==作称呼。\n")
    questions = generated_questions(kb_with(tmp_path, {"first": body}))
    assert not any("第一位接待" in q.stem for q in questions)
    blank = next(q for q in questions if "称呼顾客时" in q.stem)
    assert blank.stem.startswith("【first】")  # the heading names the answer: page title only


def test_background_pages_generate_practice_only(tmp_path):
    kb = kb_with(tmp_path, {"limits": LIMITS.replace("## 时限", "## 时限", 1)})
    page = tmp_path / "docs" / "standards" / "limits.md"
    page.write_text(page.read_text(encoding="utf-8").replace("review_by: 2027-12-01\n",
                                                             "review_by: 2027-12-01\nquestions: practice\n"),
                    encoding="utf-8")
    kb = load_knowledge_base(tmp_path / "docs")
    assert kb.by_id["limits"].meta.questions == "practice"
    questions = generated_questions(kb)
    assert questions and {q.use for q in questions} == {"practice"}
    assert not any(q.for_exam for q in questions)


def test_highlights_of_one_sentence_share_their_fact(tmp_path):
    body = "## 时限\n\n论坛上的投诉须在==2小时==内回帖，并在==24小时==内给出处理意见。\n"
    questions = generated_questions(kb_with(tmp_path, {"community": body}))
    assert len({q.fact for q in questions}) == 1 and len(questions) >= 2


def test_option_order_is_the_same_on_every_build(tmp_path):
    one = generated_questions(kb_with(tmp_path / "a", {"limits": LIMITS}))
    two = generated_questions(kb_with(tmp_path / "b", {"limits": LIMITS}))
    assert [(q.id, q.options, q.answer) for q in one] == [(q.id, q.options, q.answer) for q in two]


def test_table_row_becomes_a_sentence(tmp_path):
    body = "## 表\n\n| 环节 | 时限 |\n|---|---|\n| 维修完成后的回访 | ==24小时== |\n"
    blank = by_type(generated_questions(kb_with(tmp_path, {"table": body})), "填空")[0]
    assert blank.stem == "【table · 表】维修完成后的回访，___。"


def test_numeral_variants_are_accepted():
    assert variants("10分钟") == ["10分钟", "十分钟"]
    assert variants("3声") == ["3声", "三声"]
    assert variants("2个工作日") == ["2个工作日", "二个工作日", "两个工作日"]
    assert variants("同一间公司") == ["同一间公司"]
    assert normalize_answer("十 分钟") == normalize_answer("１０分钟") == "10分钟"
    assert same_answer("二十四小时", ["24小时"])
    assert not same_answer("12小时", ["24小时"])


def test_a_quoted_script_is_typed_without_its_quotes(tmp_path):
    body = "## 切忌\n\n处理投诉时切忌以==“不知道”==作回应，逃避问题。\n"
    blank = by_type(generated_questions(kb_with(tmp_path, {"taboo": body})), "填空")[0]
    assert blank.stem == "【taboo · 切忌】处理投诉时切忌以“___”作回应，逃避问题。"
    assert blank.answer == ("不知道",)


def test_only_names_worth_typing_become_blanks(tmp_path):
    body = ("## 要求\n\n服务柜台要保持==整洁==。\n\n如客人过于激动，==安排隔离==后再跟进。\n\n"
            "需另行提供业主与装修单位签订的==装修合同复印件==。\n\n客人离开时说“==请慢走==”，微笑热情。\n\n"
            "收费标准包括物业服务费标准、==家政服务收费标准==、停车位收费标准。\n")
    blanks = [q.answer[0] for q in by_type(generated_questions(kb_with(tmp_path, {"rules": body})), "填空")]
    assert blanks == ["装修合同复印件", "请慢走"]


def test_a_number_inside_a_name_is_not_a_quantity(tmp_path):
    body = "## 体系\n\n规范化管理以==ISO9000==为基础，持续改进。\n"
    assert [f.unit for f in extract_facts(kb_with(tmp_path, {"iso": body}))] == [None]


def test_a_number_with_words_around_it_is_chosen_not_typed(tmp_path):
    body = ("## 回访\n\n- 保修完成后实施==100%电话回访==，了解客户感受。\n- 报修后工程师须==至少1次==上门查看。\n"
            "- 回访率须达到==98%==。\n- 满意率须达到==99%==。\n- 合格率须达到==90%==。\n")
    questions = generated_questions(kb_with(tmp_path, {"visits": body}))
    assert "100%电话回访" not in [q.answer[0] for q in by_type(questions, "填空")]
    assert "1次|一次" in [q.answer[0] for q in by_type(questions, "填空") if "至少___上门" in q.stem]
    choice = next(q for q in by_type(questions, "单选") if "保修完成后" in q.stem)
    assert all(option.endswith("%电话回访") for option in choice.options)


def test_a_clause_leaning_on_the_one_before_is_not_asked(tmp_path):
    body = "## 资料\n\n在上一条的情形下，非住宅用途房屋还须提交政府部门的==施工许可证==。\n"
    assert generated_questions(kb_with(tmp_path, {"permit": body})) == []


def test_a_plus_sign_is_optional_in_a_typed_answer(tmp_path):
    body = "## 奖惩\n\n要记住两头：非常满意奖励==+2%==，很不满意扣罚工程总造价的百分之五。\n"
    blank = by_type(generated_questions(kb_with(tmp_path, {"bonus": body})), "填空")[0]
    assert "2%" in blank.answer[0].split("|") and "+2%" in blank.answer[0].split("|")


def test_one_as_an_article_is_not_a_count(tmp_path):
    body = "## 理念\n\n客户需要的是==一个家==。\n\n保修期届满前==一个月==张贴温馨提示。\n\n关注客户的==每一个细节==。\n"
    assert [f.unit for f in extract_facts(kb_with(tmp_path, {"home": body}))] == [None, "月", None]


def test_a_heading_that_nearly_names_the_answer_gives_it_away(tmp_path):
    body = "## 第九步 自报姓名\n\n处理完毕后，员工应主动==自报名字==，方便客人日后联络。\n"
    assert generated_questions(kb_with(tmp_path, {"name": body})) == []


def test_an_action_ending_in_a_noun_is_not_a_name(tmp_path):
    body = "## 应知应会\n\n在客户咨询时==不查阅书面资料==，第一时间即时予以回复。\n"
    assert by_type(generated_questions(kb_with(tmp_path, {"know": body})), "填空") == []


def test_a_middle_dot_is_optional_in_a_typed_answer(tmp_path):
    body = "## 愿景\n\n万科物业的企业愿景是“==新时代·美好生活==”。\n"
    blank = by_type(generated_questions(kb_with(tmp_path, {"vision": body})), "填空")[0]
    assert blank.answer == ("新时代·美好生活|新时代美好生活",)


def test_a_quantitys_qualifier_stays_beside_the_blank_and_the_bare_quantity_is_right(tmp_path):
    body = ("## 时限\n\n- 受理咨询、投诉、报修等，==12小时内==答复或者处置。\n"
            "- 服务接待中心每日接待、服务时间==不少于10小时==（含节假日）。\n"
            "- 服务工作调查的综合覆盖率须达到==85%以上==。\n")
    blanks = {q.stem.split("】")[-1]: q for q in by_type(generated_questions(kb_with(tmp_path, {"limits": body})), "填空")}
    assert set(blanks) == {"受理咨询、投诉、报修等，___内答复或者处置。", "服务接待中心每日接待、服务时间不少于___（含节假日）。",
                           "服务工作调查的综合覆盖率须达到___以上。"}
    typed = {"___内": "12小时", "不少于___": "十小时", "___以上": "85%"}
    for gap, answer in typed.items():
        question = next(q for stem, q in blanks.items() if gap in stem)
        assert same_answer(answer, question.accepted(0)), (gap, question.answer)
        assert not same_answer("24小时", question.accepted(0))


def test_hours_are_right_with_or_without_ge(tmp_path):
    body = "## 回帖\n\n集团论坛上的投诉，须在投诉产生后的==两个小时==内回帖。\n\n## 回复\n\n维修关闭后==24小时==内进行第一次回访。\n"
    blanks = by_type(generated_questions(kb_with(tmp_path, {"forum": body})), "填空")
    forum = next(q for q in blanks if "回帖" in q.stem)
    visit = next(q for q in blanks if "回访" in q.stem)
    assert same_answer("2小时", forum.accepted(0)) and same_answer("两个小时", forum.accepted(0))
    assert same_answer("24个小时", visit.accepted(0)) and not same_answer("12小时", visit.accepted(0))
