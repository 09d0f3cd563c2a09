"""answer-key.html: each question's answer, explanation and a link to its section on the site,
then every paper's answers in paper order (for marking by hand)."""

from __future__ import annotations

from html import escape

from servicebook.bank.questions import LETTERS, Question
from servicebook.exam.contract import Exam, ExamQuestion
from servicebook.exam.render import PageRef, page_url
from servicebook.exam.render.paper_html import FONT, heading_line, num

DEFAULT_SITE_URL = "../../site/"
DIFFICULTY = {1: "易", 2: "中", 3: "难"}
CSS = f"""
html {{ font-family: {FONT}; font-size: 10.5pt; line-height: 1.6; }}
body {{ max-width: 60em; margin: 0 auto; padding: 1em; }}
h1 {{ font-size: 16pt; }} h2 {{ font-size: 13pt; border-bottom: 1px solid #999; }}
.q {{ break-inside: avoid; margin-bottom: 1em; }}
.id {{ color: #555; font-size: 9pt; }}
.answer {{ font-weight: bold; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #999; padding: 2px 6px; vertical-align: top; }}
"""


def answer_text(q: Question) -> str:
    """The right answer in the question's own terms (option texts, not letters: letters differ per paper)."""
    if q.type in ("单选", "多选"):
        return "；".join(q.options[LETTERS.index(a)] for a in q.answer)
    if q.type == "判断":
        return q.answer[0]
    if q.type == "填空":
        return "；".join("／".join(q.accepted(i)) for i in range(len(q.answer)))
    if q.type == "排序":
        return " → ".join(q.items)
    return "；".join(f"{r.point}（{num(r.score)} 分）" for r in q.rubric)


def paper_key(q: ExamQuestion) -> str:
    if q.type == "填空":
        return "；".join("/".join(alts) for alts in q.key)
    if q.type == "情景":
        return "评分要点"
    return q.key


def render_key(exam: Exam, pages: dict[str, PageRef], site_url: str = DEFAULT_SITE_URL) -> str:
    parts = [f"<h1>{escape(exam.title)} 答案与解析</h1>", f"<p>{heading_line(exam)}</p>",
             f"<p>试卷 {len(exam.papers)} 份；随机种子 {exam.seed}；题库指纹 {exam.bank_fingerprint}。</p>",
             "<h2>一、题目答案与解析</h2>"]
    for q in exam.distinct_questions():
        ref = pages.get(q.page_id)
        where = f"{ref.title} › {q.anchor}" if ref else q.source
        link = (f'<a href="{escape(page_url(ref.src, q.anchor, site_url))}">{escape(where)}</a>'
                if ref else escape(where))
        red = "　红线题" if q.red_line else ""
        parts.append(
            f'<div class="q" id="{escape(q.id)}"><div class="id">{escape(q.id)}　{q.type}题　'
            f"难度 {DIFFICULTY.get(q.difficulty, q.difficulty)}{red}</div>"
            f"<div>{escape(q.stem)}</div>"
            f'<div>答案：<span class="answer">{escape(answer_text(q))}</span></div>'
            f"<div>解析：{escape(q.explanation)}</div><div>依据：{link}</div></div>")
    parts.append("<h2>二、各试卷答案（题号. 答案）</h2>")
    parts.append("<table><tr><th>试卷编号</th><th>姓名</th><th>答案</th></tr>")
    for paper in exam.papers.values():
        name = paper.label
        answers = "　".join(f"{q.n}.{escape(paper_key(q))}" for q in paper.questions)
        parts.append(f"<tr><td>{escape(paper.code)}</td><td>{escape(name)}</td><td>{answers}</td></tr>")
    parts.append("</table>")
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(exam.title)} 答案与解析</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
            "</body>\n</html>\n")
