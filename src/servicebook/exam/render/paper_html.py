"""Print-ready exam papers as HTML (A4, one question never split across pages)."""

from __future__ import annotations

import functools
import html
import os
import re

from servicebook.bank.generate import CHOICE_GAP
from servicebook.bank.questions import BLANK, LETTERS
from servicebook.exam.contract import Exam, ExamQuestion, Paper

# Question texts repeat on every paper: escape each once.
escape = functools.lru_cache(maxsize=65536)(html.escape)
NUMERALS = "一二三四五六七八九十"
FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif'
# Every printed page shows its paper's code and "第 n 页 / 共 m 页": each paper is rendered as a
# document of its own (render/pdf.py), so the page counters count that paper's pages.
CSS = """
@page { size: A4; margin: 18mm 16mm 18mm 16mm;
  @top-right { content: "试卷编号 " string(code); font-size: 9pt; color: #444; }
  @top-left { content: string(title); font-size: 9pt; color: #444; }
  @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 9pt; color: #444; } }
html { font-family: FONT; font-size: 10.5pt; line-height: 1.6; color: #000; }
body { margin: 0; }
.paper { string-set: code attr(data-code), title attr(data-title); }
h1 { font-size: 16pt; text-align: center; margin: 0 0 2mm; }
.meta { text-align: center; margin: 0 0 3mm; }
table.who { width: 100%; border-collapse: collapse; margin-bottom: 4mm; }
table.who th, table.who td { border: 1px solid #000; padding: 1.5mm 2mm; font-weight: normal; }
table.who th { background: #eee; white-space: nowrap; width: 1%; }
h2 { font-size: 11.5pt; margin: 4mm 0 2mm; break-after: avoid; }
ol.questions { list-style: none; padding: 0; margin: 0; }
li.q { break-inside: avoid; margin: 0 0 3mm; }
.n { font-weight: bold; }
.bracket { white-space: nowrap; }
ol.opts { list-style: none; margin: 1mm 0 0 6mm; padding: 0; }
ol.opts li { margin: 0.5mm 0; }
.blank { display: inline-block; min-width: 22mm; border-bottom: 1px solid #000; text-align: center; }
.answer-box { border: 1px solid #000; height: 55mm; margin-top: 2mm; }
""".replace("FONT", FONT)
HINTS = {
    "单选": "每题只有一个正确答案，把字母填在括号内",
    "多选": "每题有两个或以上正确答案，把字母填在括号内",
    "判断": "正确的填“对”，错误的填“错”",
    "填空": "在横线上填写答案",
    "排序": "把步骤字母按正确顺序填在括号内",
    "情景": "在框内写出处理方法",
}


def num(value: float) -> str:
    return f"{value:g}"


def render_paper(exam: Exam, paper: Paper) -> str:
    """One paper as a complete HTML document."""
    return document(exam, [paper], f"{exam.title} {paper.code}")


def paper_documents(exam: Exam) -> list[str]:
    """Every paper as a document of its own, in order: the combined PDF is rendered from these."""
    return [render_paper(exam, paper) for paper in exam.papers.values()]


def document(exam: Exam, papers: list[Paper], title: str) -> str:
    body = "\n".join(paper_body(exam, paper) for paper in papers)
    # The meta tag lets `servicebook check` recognise a paper copied into docs/ (kb/private_files.py).
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="servicebook-exam" content="{escape(exam.exam_id)}">\n<title>{escape(title)}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def heading_line(exam: Exam) -> str:
    retake = "（补考）" if exam.kind == "retake" else ""
    return (f"{exam.month}　岗位：{escape(exam.role)}{retake}　考试时间：{exam.duration_minutes} 分钟　"
            f"满分：{num(exam.total_points)} 分　及格：{num(exam.pass_mark)} 分")


def paper_body(exam: Exam, paper: Paper) -> str:
    person = paper.person or {}
    who = {name: person.get(name, "") for name in ("姓名", "工号", "岗位", "项目")}
    cells = "".join(f"<th>{k}</th><td>{escape(v)}</td>" for k, v in who.items())
    parts = [
        f'<section class="paper" data-code="{escape(paper.code)}" data-title="{escape(exam.title)}">',
        f"<h1>{escape(exam.title)}</h1>",
        f'<p class="meta">{heading_line(exam)}</p>',
        f'<table class="who"><tr>{cells}<th>试卷编号</th><td>{escape(paper.code)}</td></tr></table>',
    ]
    for index, group in enumerate(_groups(paper.questions)):
        qtype, points = group[0].type, sum(q.points for q in group)
        each = {q.points for q in group}
        per = f"每题 {num(group[0].points)} 分" if len(each) == 1 else f"共 {num(points)} 分"
        parts.append(f"<h2>{NUMERALS[index % 10]}、{qtype}题（共 {len(group)} 题，{per}；{HINTS[qtype]}）</h2>")
        parts.append('<ol class="questions">')
        parts += [question_html(q) for q in group]
        parts.append("</ol>")
    parts.append("</section>")
    return "\n".join(parts)


def _groups(questions: tuple[ExamQuestion, ...]) -> list[list[ExamQuestion]]:
    groups: list[list[ExamQuestion]] = []
    for q in questions:
        if groups and groups[-1][-1].type == q.type:
            groups[-1].append(q)
        else:
            groups.append([q])
    return groups


def question_html(q: ExamQuestion) -> str:
    return f'<li class="q"><span class="n">{q.n}.</span> {_question_rest(q.type, q.stem, q.options, q.items)}'


@functools.lru_cache(maxsize=65536)  # a question shows one of few orders (24 for four options) on many papers
def _question_rest(qtype: str, stem: str, options: tuple[str, ...], items: tuple[str, ...]) -> str:
    """A question's HTML after its number."""
    if qtype in ("单选", "多选"):
        listed = "".join(f"<li>{LETTERS[i]}. {escape(text)}</li>" for i, text in enumerate(options))
        return f'{_with_bracket(stem)}<ol class="opts">{listed}</ol></li>'
    if qtype == "判断":
        return f'{_with_bracket(stem)}</li>'
    if qtype == "填空":
        pieces = BLANK.split(stem)
        text = escape(pieces[0])
        for i, piece in enumerate(pieces[1:], start=1):
            label = f"（{i}）" if len(pieces) > 2 else ""
            text += f'<span class="blank">{label}</span>{escape(piece)}'
        return f'{text}</li>'
    if qtype == "排序":
        listed = "".join(f"<li>{LETTERS[i]}. {escape(text)}</li>" for i, text in enumerate(items))
        return (f'{escape(stem)}<span class="bracket">（{"　" * len(items)}）</span>'
                f'<ol class="opts">{listed}</ol></li>')
    return f'{_paragraphs(stem)}<div class="answer-box"></div></li>'


def _with_bracket(stem: str) -> str:
    """The stem with the bracket the answer is written in: a stem generated from a highlighted
    sentence already has it where the fact was ("……（　　）内接听。"), so it gets no second one."""
    text = escape(stem)
    if CHOICE_GAP in text:
        return text.replace(CHOICE_GAP, f'<span class="bracket">{CHOICE_GAP}</span>', 1)
    return f'{text}<span class="bracket">{CHOICE_GAP}</span>'


def _paragraphs(text: str) -> str:
    return "<br>".join(escape(line) for line in re.split(r"\n+", text.strip()))
