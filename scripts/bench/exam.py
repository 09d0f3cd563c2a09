"""Benchmark `exam new`: 5,000-question bank, 2,000-person roster, and the combined PDF of 200 papers.

Run: .venv/bin/python scripts/bench/exam.py [--skip-pdf]
Prints each figure, its ratio to the target, a baseline measured in the same run, and peak memory.
"""

from __future__ import annotations

import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from servicebook.bank.questions import Question, RubricItem
from servicebook.exam.assemble import assemble
from servicebook.exam.blueprint import Blueprint, SectionSpec
from servicebook.exam.output import write_exam
from servicebook.exam.render import PageRef
from servicebook.exam.render.paper_html import paper_documents, render_paper
from servicebook.exam.render.pdf import write_papers_pdf
from servicebook.exam.roster import Person

TARGET_NEW, TARGET_PDF = 10.0, 60.0
TYPES = ("单选", "多选", "判断", "填空", "排序", "情景")
PAGES = [f"page-{i:02d}" for i in range(40)]


def synthetic_bank(count: int = 5000) -> list[Question]:
    text = "业主来电反映楼上漏水，客服人员应当按照首问负责制受理并跟进处理，"
    questions = []
    for i in range(count):
        qtype, page = TYPES[i % 6], PAGES[i % 40]
        extra: dict = {}
        if qtype in ("单选", "多选"):
            extra = {"options": tuple(f"选项{k}{text[:12]}" for k in range(4)),
                     "answer": ("B",) if qtype == "单选" else ("A", "C")}
        elif qtype == "判断":
            extra = {"options": ("对", "错"), "answer": ("对",)}
        elif qtype == "填空":
            extra = {"answer": ("10分钟|十分钟",)}
        elif qtype == "排序":
            extra = {"items": ("聆听", "致歉", "记录", "解决", "回访")}
        else:
            extra = {"rubric": (RubricItem("先安抚情绪", 6), RubricItem("记录并跟进", 4))}
        stem = f"{text}第{i}题：接报后___内到场。" if qtype == "填空" else f"{text}第{i}题？"
        questions.append(Question(
            id=f"q-{i:05d}", type=qtype, stem=stem, explanation="依据服务标准。" * 3, source=f"{page}#要点",
            roles=("客服",) if i % 3 else ("全员",), difficulty=1 + i % 3, points=10 if qtype == "情景" else 2,
            red_line=(i % 997 == 0), **extra))
    return questions


def paper_blueprint() -> Blueprint:
    """The size of a shipped monthly paper (quizzes/blueprints/): 32 questions, about four A4 pages."""
    sections = (SectionSpec("单选", 11, 2), SectionSpec("多选", 3, 4), SectionSpec("判断", 3, 2),
                SectionSpec("填空", 11, 2), SectionSpec("排序", 1, 8), SectionSpec("情景", 3, 10))
    return Blueprint(role="客服", title="客服岗位月度服务标准考试", duration_minutes=60, pass_mark=60, sections=sections,
                     review_share=0.55, difficulty_mix={1: 0.5, 2: 0.45, 3: 0.05}, include_red_lines=True,
                     scoring={"多选": "all-or-nothing", "排序": "partial"})


def blueprint() -> Blueprint:
    sections = (SectionSpec("单选", 30, 1), SectionSpec("多选", 10, 2), SectionSpec("判断", 10, 1),
                SectionSpec("填空", 5, 2), SectionSpec("排序", 3, 2), SectionSpec("情景", 2, 7))
    return Blueprint(role="客服", title="客服岗位月度服务标准考试", duration_minutes=90, pass_mark=60, sections=sections,
                     review_share=0.3, difficulty_mix={1: 0.5, 2: 0.4, 3: 0.1}, include_red_lines=True,
                     scoring={"多选": "all-or-nothing", "排序": "partial"})


def peak_mb() -> float:
    """Peak resident memory of this process or of the largest PDF worker it started."""
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


def main() -> None:
    bank, bp = synthetic_bank(), blueprint()
    people = [Person(f"{10000 + i}", f"员工{i}", "客服", f"项目{i % 7}") for i in range(2000)]
    refs = {p: PageRef(f"standards/{p}.md", p, "服务标准") for p in PAGES}
    work = Path(tempfile.mkdtemp(prefix="bench-exam-"))
    try:
        # Baseline: write the same number of files of similar size with no work behind them.
        start = time.perf_counter()
        (work / "base").mkdir()
        blob = "x" * 20000
        for i in range(2000):
            (work / "base" / f"{i}.html").write_text(blob, encoding="utf-8")
        baseline = time.perf_counter() - start

        start = time.perf_counter()
        exam = assemble(bank, bp, month="2027-03", current_pages=PAGES[:10], review_pages=PAGES[10:30], seed=1,
                        people=people, pages=refs)
        assembled = time.perf_counter() - start
        write_exam(work / "exams" / "2027-03-客服", exam, refs, pdf=False)
        total = time.perf_counter() - start
        print(f"exam new --per-person（无 PDF）：{len(bank)} 题题库，{len(people)} 人，耗时 {total:.2f} s"
              f"（其中组卷 {assembled:.2f} s）；目标 ≤ {TARGET_NEW:.0f} s，占目标 {total / TARGET_NEW:.0%}；"
              f"基线（写 2000 个 20 KB 文件）{baseline:.2f} s，为基线的 {total / baseline:.1f} 倍")
        print(f"峰值内存（组卷和写文件后）：{peak_mb():.0f} MB")
        if "--skip-pdf" in sys.argv:
            return

        pdf_exam = assemble(bank, paper_blueprint(), month="2027-03", current_pages=PAGES[:10], review_pages=PAGES[10:30],
                            seed=2, variants=200)
        from pypdf import PdfReader
        from weasyprint import HTML

        start = time.perf_counter()
        one_pages = len(HTML(string=render_paper(pdf_exam, next(iter(pdf_exam.papers.values())))).render().pages)
        one = time.perf_counter() - start
        start = time.perf_counter()
        write_papers_pdf(paper_documents(pdf_exam), work / "papers.pdf")
        combined = time.perf_counter() - start
        total_pages = len(PdfReader(str(work / "papers.pdf")).pages)
        print(f"合并 PDF：200 份试卷（每份 {one_pages} 页，共 {total_pages} 页），{os.cpu_count()} 核并行渲染后合并，"
              f"耗时 {combined:.1f} s；目标 ≤ {TARGET_PDF:.0f} s，"
              f"占目标 {combined / TARGET_PDF:.0%}；基线（单份试卷单独渲染）{one:.2f} s，"
              f"逐份单进程渲染估计 {one * 200:.0f} s，实际为其 {combined / (one * 200):.0%}")
        print(f"峰值内存（含 PDF）：{peak_mb():.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
