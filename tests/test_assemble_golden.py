"""Exams already made must stay reproducible: the same bank, blueprint, seed and people print the same papers.

Why this is pinned to files written once (tests/data/exam-golden-fair/) and not compared with a second
run of the code at hand: trainers re-make an exam (`exam new --force`, `exam retake`, a key
correction) months after the first papers were printed, and the reprint must match them. Speeding
up assembly (issue 10's benchmark) rewrites how each paper's random numbers are consumed and how the
fairness rules (issue 12) are checked; a change that draws a different question or option order
anywhere is then caught here, however fast or fair the new papers are.

The bank is built to exercise every branch of a paper's draw: facts shared between questions,
answers printed in other stems (long ones anywhere, short or numeric ones within one page section),
判断 keyed mostly alike (so papers swap one), a 判断 bucket too small to choose from, recently used
questions, red lines, earlier months' pages, and pools of several hundred questions (random draws
of more than 256 and 512 candidates). The golden files were written by the code of commit a3a2d0a
(before the speed-up); regenerate them only for a change that is meant to alter papers, and say so
in the commit.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from servicebook.bank.questions import Question, RubricItem
from servicebook.exam.assemble import assemble
from servicebook.exam.blueprint import Blueprint, SectionSpec
from servicebook.exam.contract import PageRef
from servicebook.exam.makeup import related_ids
from servicebook.exam.render.gift import render_gift
from servicebook.exam.render.key_html import render_key
from servicebook.exam.render.manifest import render_manifest
from servicebook.exam.render.moodle import render_moodle
from servicebook.exam.render.paper_html import render_paper
from servicebook.exam.roster import Person

GOLDEN = Path(__file__).parent / "data" / "exam-golden-fair"
TYPES = ("单选", "多选", "判断", "填空", "排序", "情景")
CURRENT = [f"now-{i}" for i in range(3)]
REVIEW = [f"old-{i}" for i in range(5)]
WORDS = ("首问负责制", "十分钟|10分钟", "业主", "二十四小时|24小时", "物业服务中心", "回访", "3声|三声",
         "维修登记表", "安全员", "消防通道", "交房", "装修押金", "5日|五日", "客服主管", "巡查记录")
PEOPLE = [Person(f"20{i:02d}", f"员工{i}", "客服", f"项目{i % 3}") for i in range(5)]
PAGES = {p: PageRef(f"standards/{p}.md", p, "服务标准") for p in CURRENT + REVIEW[:3]}


def bank(count: int = 3600) -> list[Question]:
    questions = []
    for i in range(count):
        qtype = TYPES[i % 6] if i % 17 else "判断"
        if qtype == "多选" and i > 240:  # a small 多选 pool: three facts, answers printed in 单选 stems
            qtype = "单选"
        page = (CURRENT + REVIEW)[(i * 7) % 8]
        word = WORDS[i % len(WORDS)].split("|")[0]
        other = WORDS[(i * 5 + 3) % len(WORDS)].split("|")[0]
        printed = "，不必处理" if i % 10 == 0 else ""
        stem = f"第{i}题：关于{other if i % 4 == 0 else '服务'}的规定{printed}" + ("，___内完成。" if qtype == "填空" else "？")
        extra: dict = {}
        if qtype in ("单选", "多选"):
            extra = {"options": (word, other + "流程", f"选项{i}", "不必处理"),
                     "answer": (("A", "B", "C")[i % 3],) if qtype == "单选" else ("A", "D")}
        elif qtype == "判断":
            extra = {"options": ("对", "错"), "answer": ("对" if i % 7 == 0 else "错",)}
        elif qtype == "填空":
            extra = {"answer": (WORDS[i % len(WORDS)],)}
        elif qtype == "排序":
            extra = {"items": ("接报", "到场", "处理", "回访")}
        else:
            extra = {"rubric": (RubricItem("安抚", 3), RubricItem("记录", 2))}
        fact = ("" if i % 8 == 7 else f"mc-{i % 3}") if qtype == "多选" else (f"fact-{i // 4}" if i % 3 == 0 else "")
        difficulty = 1 + (i // 6) % 3 if qtype != "判断" else (3 if i in (2, 584) else 1 + (i % 5 == 0))
        questions.append(Question(
            id=f"g{i:04d}", type=qtype, stem=stem, explanation="依据服务标准。", source=f"{page}#s{i % 3}",
            roles=("客服",) if i % 5 else ("全员",), difficulty=difficulty, points=5 if qtype == "情景" else 2,
            red_line=(i in (8, 16)), fact=fact, **extra))
    return questions


def blueprint(counts=(("单选", 6), ("多选", 4), ("判断", 5), ("填空", 5), ("排序", 1), ("情景", 1))) -> Blueprint:
    return Blueprint(role="客服", title="客服月考", duration_minutes=60, pass_mark=30, sections=tuple(
        SectionSpec(t, c, 5 if t == "情景" else 2) for t, c in counts), review_share=0.4,
        difficulty_mix={1: 0.5, 2: 0.3, 3: 0.2}, include_red_lines=True, scoring={"多选": "all-or-nothing"})


def first_sitting():
    return assemble(bank(), blueprint(), month="2027-02", current_pages=CURRENT, review_pages=REVIEW, seed=2027,
                    people=PEOPLE, recent=frozenset(f"g{i:04d}" for i in range(0, 3600, 9)), pages=PAGES,
                    makeup=blueprint((("单选", 3), ("判断", 3), ("填空", 2))))


def retake(first):
    used = {s.id for p in first.papers.values() for s in p.questions}
    return assemble(bank(), blueprint((("单选", 3), ("判断", 3), ("填空", 2))), month="2027-02", current_pages=CURRENT,
                    review_pages=REVIEW, seed=2028, variants=3, forbidden=related_ids(used, bank()), kind="retake",
                    pages=PAGES)


def outputs(exam) -> dict[str, str]:
    """Every text an exam folder holds that the seed decides (sign-in codes are random by design)."""
    files = {f"papers/{p.code}.html": render_paper(exam, p) for p in exam.papers.values()}
    files |= {"answer-key.html": render_key(exam, PAGES, "https://kb.example"), "moodle.xml": render_moodle(exam),
              "gift.txt": render_gift(exam)}
    return {name: hashlib.sha256(text.encode("utf-8")).hexdigest() for name, text in sorted(files.items())}


def test_a_first_sitting_is_drawn_as_it_was():
    exam = first_sitting()
    assert render_manifest(exam) == (GOLDEN / "first-manifest.json").read_text(encoding="utf-8")
    assert outputs(exam) == json.loads((GOLDEN / "first-outputs.json").read_text(encoding="utf-8"))


def test_a_retake_is_drawn_as_it_was():
    exam = retake(first_sitting())
    assert render_manifest(exam) == (GOLDEN / "retake-manifest.json").read_text(encoding="utf-8")
    assert outputs(exam) == json.loads((GOLDEN / "retake-outputs.json").read_text(encoding="utf-8"))
