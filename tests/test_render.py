"""Output formats of an exam: paper HTML, answer key, answer sheet, manifest, Moodle XML, GIFT, PDF."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook

from servicebook.bank.questions import Question, RubricItem
from servicebook.exam.assemble import assemble
from servicebook.exam.blueprint import Blueprint, SectionSpec
from servicebook.exam.render import PageRef, page_url
from servicebook.exam.render.answer_sheet import render_answer_sheet
from servicebook.exam.render.gift import gift_escape, render_gift
from servicebook.exam.render.key_html import render_key
from servicebook.exam.render.manifest import render_manifest
from servicebook.exam.render.moodle import render_moodle
from servicebook.exam.render.paper_html import paper_documents, render_paper
from servicebook.exam.roster import Person

PAGES = {"ten-steps": PageRef("complaints/ten-steps.md", "处理投诉十步法", "投诉处理")}


def question(qid, qtype, **extra):
    base = dict(id=qid, type=qtype, stem=f"{qid} 题干", explanation="因为{规定}", source="ten-steps#第一步聆听",
                roles=("客服",), difficulty=2, points=2)
    return Question(**{**base, **extra})


QUESTIONS = [
    question("s1", "单选", options=("聆听", "致歉", "记录", "解决"), answer=("A",)),
    question("s2", "单选", options=("甲", "乙", "丙"), answer=("C",)),
    question("m1", "多选", options=("a=1", "b", "c", "d"), answer=("A", "C")),
    question("t1", "判断", options=("对", "错"), answer=("错",)),
    question("f1", "填空", stem="响铃___内接听", answer=("3声|三声",)),
    question("f2", "填空", stem="___分钟内到场，___小时内修复", answer=("10", "2|两")),
    question("o1", "排序", items=("聆听", "致歉", "记录")),
    question("c1", "情景", points=5, rubric=(RubricItem("先安抚", 3), RubricItem("再记录", 2))),
]
SECTIONS = (("单选", 2, 2), ("多选", 1, 4), ("判断", 1, 2), ("填空", 2, 2), ("排序", 1, 3), ("情景", 1, 5))


@pytest.fixture(scope="module")
def exam():
    bp = Blueprint(role="客服", title="客服月考", duration_minutes=60, pass_mark=12,
                   sections=tuple(SectionSpec(*s) for s in SECTIONS), review_share=0, difficulty_mix={2: 1.0},
                   include_red_lines=True, scoring={"多选": "partial", "排序": "partial"})
    people = [Person("1001", "张三", "客服", "一期"), Person("1002", "李四", "客服", "二期")]
    return assemble(QUESTIONS, bp, month="2026-12", current_pages=["ten-steps"], review_pages=[], seed=3,
                    people=people, pages=PAGES)


def test_paper_html_is_print_ready_chinese_a4_with_person_and_code(exam):
    html = render_paper(exam, next(iter(exam.papers.values())))
    for needle in ('<html lang="zh-CN">', "size: A4", '"Noto Sans CJK SC"', "break-inside: avoid",
                   '@top-right { content: "试卷编号 " string(code)', 'data-code="P0001"', "<td>张三</td>",
                   "<td>1001</td>", "<h1>客服月考</h1>", "2026-12　岗位：客服　考试时间：60 分钟　满分：22 分　及格：12 分",
                   "一、单选题（共 2 题，每题 2 分；", '<span class="blank"></span>'):
        assert needle in html, needle


def test_a_stem_generated_with_its_own_bracket_gets_no_second_one(exam):
    generated = question("gen-x-0123456789ab-c", "单选", stem="前台电话在（　　）内接听。", options=("3声", "5声"),
                         answer=("A",))
    bp = Blueprint(role="客服", title="客服月考", duration_minutes=60, pass_mark=1, sections=(SectionSpec("单选", 2, 2),),
                   review_share=0, difficulty_mix={2: 1.0}, include_red_lines=True, scoring={})
    made = assemble([generated, QUESTIONS[0]], bp, month="2026-12", current_pages=["ten-steps"], review_pages=[],
                    seed=1, variants=1)
    html = render_paper(made, next(iter(made.papers.values())))
    assert '前台电话在<span class="bracket">（　　）</span>内接听。<ol' in html
    assert 's1 题干<span class="bracket">（　　）</span><ol' in html
    assert html.count("（　　）") == 2


def test_manifest_follows_the_contract(exam):
    data = json.loads(render_manifest(exam))
    assert sorted(data) == ["bank_fingerprint", "duration_minutes", "exam_id", "format", "kind", "month", "papers",
                            "pass_mark", "role", "scoring", "seed", "title", "total_points"]
    first = data["papers"][0]
    by_id = {q["id"]: q for q in first["questions"]}
    assert by_id["f2"]["key"] == [["10"], ["2", "两"]]
    assert by_id["t1"]["key"] == "错" and by_id["t1"]["options"] == ["对", "错"]
    s1 = by_id["s1"]
    assert s1["options"][ord(s1["key"]) - ord("A")] == "聆听"
    o1 = by_id["o1"]
    assert [o1["items"][ord(c) - ord("A")] for c in o1["key"]] == ["聆听", "致歉", "记录"]
    assert by_id["c1"]["key"] is None and by_id["c1"]["rubric"] == [{"point": "先安抚", "score": 3},
                                                                    {"point": "再记录", "score": 2}]
    assert (s1["page"], s1["category"], s1["source"]) == ("complaints/ten-steps.md", "投诉处理", "ten-steps#第一步聆听")
    text = render_manifest(exam)
    assert text.startswith('{\n "bank_fingerprint"') and "张三" in text


def test_answer_sheet_names_its_exam_in_row_one_and_in_a_document_property(exam):
    book = load_workbook(io.BytesIO(render_answer_sheet(exam)))
    assert [c.value for c in book["答题卡"][1]][:4] == [
        "考试：2026-12-客服", None, None, "客服月考（第 1、2 行请勿修改）；情景题在 scenario-marking.xlsx 中评分"]
    assert {p.name: p.value for p in book.custom_doc_props} == {"servicebook-exam": "2026-12-客服"}


def test_answer_sheet_has_contract_columns_validation_and_frozen_header(exam):
    book = load_workbook(io.BytesIO(render_answer_sheet(exam)))
    sheet = book["答题卡"]
    header = [c.value for c in sheet[2]]
    assert header == ["工号", "姓名", "试卷编号", "第1题", "第2题", "第3题", "第4题", "第5题", "第6题", "第7题"]
    assert [c.value for c in sheet[3]][:3] == ["1001", "张三", "P0001"]
    assert sheet["A3"].number_format == "@"  # text: a 工号 typed as 001234 keeps its zeros
    assert sheet.freeze_panes == "D3"
    rules = sorted((dv.formula1, str(dv.sqref)) for dv in sheet.data_validations.dataValidation)
    assert rules == [('"A,B,C,D"', "D3:D4 E3:E4"), ('"对,错"', "G3:G4")]


def test_answer_sheet_bytes_do_not_depend_on_the_time(exam, monkeypatch):
    first = render_answer_sheet(exam)
    import datetime

    import openpyxl.writer.excel as excel

    class Later(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime(2031, 5, 5, tzinfo=tz)

    monkeypatch.setattr(excel.datetime, "datetime", Later)
    assert render_answer_sheet(exam) == first


def test_answer_key_links_each_question_to_its_site_section(exam):
    html = render_key(exam, PAGES, "https://kb.example.com/")
    assert '<a href="https://kb.example.com/complaints/ten-steps/#第一步聆听">' in html
    assert "答案：<span class=\"answer\">聆听</span>" in html and "解析：因为{规定}" in html
    assert "<td>P0002</td><td>李四</td>" in html


def test_page_url_uses_directory_urls_and_index_html_on_disk():
    # A served site resolves folders; a site opened from disk needs the file itself.
    assert page_url("complaints/ten-steps.md", "x", "https://kb/") == "https://kb/complaints/ten-steps/#x"
    assert page_url("complaints/ten-steps.md", "x", "../../site/") == "../../site/complaints/ten-steps/index.html#x"
    assert page_url("complaints/index.md", "", "https://a/b") == "https://a/b/complaints/"


def test_gift_escapes_its_special_characters(exam):
    assert gift_escape("a~b=c#d{e}f:g\\h") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h"
    text = render_gift(exam)
    assert "::s1::s1 题干 {=聆听 ~致歉 ~记录 ~解决 ####因为\\{规定\\}}" in text
    assert "::t1::t1 题干 {FALSE####因为\\{规定\\}}" in text
    assert "::f1::响铃 {=3声 =三声 ####因为\\{规定\\}} 内接听" in text
    assert "~%50%a\\=1" in text and "~%-50%b" in text
    assert "// f2：多空填空题无法用 GIFT 表示，请导入 moodle.xml。" in text


def test_moodle_xml_uses_the_matching_question_types(exam):
    root = ET.fromstring(render_moodle(exam))
    kinds = {q.findtext("name/text"): q.get("type") for q in root if q.get("type") != "category"}
    assert kinds == {"s1": "multichoice", "s2": "multichoice", "m1": "multichoice", "t1": "truefalse",
                     "f1": "shortanswer", "f2": "cloze", "o1": "matching", "c1": "essay"}
    cloze = next(q for q in root if q.findtext("name/text") == "f2").findtext("questiontext/text")
    assert cloze == "{1:SHORTANSWER:=10}分钟内到场，{1:SHORTANSWER:=2~=两}小时内修复"
    essay = next(q for q in root if q.findtext("name/text") == "c1")
    assert essay.findtext("graderinfo/text") == "评分要点：<br>先安抚（3 分）<br>再记录（2 分）"
    single = next(q for q in root if q.findtext("name/text") == "s1")
    assert single.findtext("single") == "true"
    assert [a.get("fraction") for a in single.findall("answer")] == ["100", "0", "0", "0"]


def test_manifest_text_is_exactly_what_json_dumps_would_write(exam):
    from servicebook.exam.render.manifest import manifest_data

    expected = json.dumps(manifest_data(exam), ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    assert render_manifest(exam) == expected


def footers(path):
    """Per page of a PDF: (n, m) of its "第 n 页 / 共 m 页" footer, or None for a blank page."""
    from pypdf import PdfReader

    found = []
    for page in PdfReader(str(path)).pages:
        match = re.search(r"第\s*(\d+)\s*页\s*/\s*共\s*(\d+)\s*页", page.extract_text() or "")
        found.append((int(match.group(1)), int(match.group(2))) if match else None)
    return found


def test_papers_pdf_is_duplex_safe_every_paper_numbered_and_starting_on_an_odd_page(exam, tmp_path):
    from servicebook.exam.render.pdf import write_papers_pdf

    short_bp = Blueprint(role="客服", title="客服月考", duration_minutes=60, pass_mark=1,
                         sections=(SectionSpec("单选", 1, 2),), review_share=0, difficulty_mix={2: 1.0},
                         include_red_lines=True, scoring={})
    one_page = assemble(QUESTIONS, short_bp, month="2026-12", current_pages=["ten-steps"], review_pages=[], seed=3,
                        variants=1)
    out = tmp_path / "papers.pdf"
    write_papers_pdf(paper_documents(exam) + paper_documents(one_page) + paper_documents(exam), out, workers=2)
    pages = footers(out)
    assert len(pages) % 2 == 0
    starts = [i for i, f in enumerate(pages, start=1) if f and f[0] == 1]
    assert len(starts) == 5 and all(i % 2 == 1 for i in starts)  # every paper starts on the front of a sheet
    for start, end in zip(starts, starts[1:] + [len(pages) + 1]):
        own = pages[start - 1:end - 1]
        total = own[0][1]
        assert own[:total] == [(n, total) for n in range(1, total + 1)]  # 第 n 页 / 共 m 页 of this paper
        assert own[total:] == ([None] if total % 2 else [])  # one blank back page after an odd count
    assert any(p is None for p in pages)  # an odd paper was padded
    assert not list(tmp_path.glob(".papers.pdf.part*"))  # no parts left behind


def test_moodle_shows_bank_text_as_written_not_as_html():
    """Moodle renders questiontext as HTML: a < or & in the bank must arrive as a character, a line
    break in an explanation as a line break, and no text of ours may open a tag."""
    tricky = [question("s1", "单选", stem="水温<40℃ & 水压>0.2MPa 时怎么办", explanation="第一行\n<b>第二行</b>",
                       options=("聆听", "致歉"), answer=("A",)),
              question("c1", "情景", points=5, rubric=(RubricItem("先<安抚>", 5),))]
    bp = Blueprint(role="客服", title="客服月考", duration_minutes=60, pass_mark=3,
                   sections=(SectionSpec("单选", 1, 2), SectionSpec("情景", 1, 5)), review_share=0,
                   difficulty_mix={2: 1.0}, include_red_lines=True, scoring={})
    exam = assemble(tricky, bp, month="2026-12", current_pages=["ten-steps"], review_pages=[], seed=1,
                    people=[Person("1001", "张三", "客服", "一期")], pages=PAGES)
    root = ET.fromstring(render_moodle(exam))
    single = next(q for q in root if q.findtext("name/text") == "s1")
    assert single.findtext("questiontext/text") == "水温&lt;40℃ &amp; 水压&gt;0.2MPa 时怎么办"
    assert single.findtext("generalfeedback/text") == "第一行<br>&lt;b&gt;第二行&lt;/b&gt;"
    essay = next(q for q in root if q.findtext("name/text") == "c1")
    assert essay.findtext("graderinfo/text") == "评分要点：<br>先&lt;安抚&gt;（5 分）"
