"""moodle.xml: every question of the exam once, in Moodle XML for import into a Moodle question bank."""

from __future__ import annotations

import html
from xml.sax.saxutils import escape

from servicebook.bank.questions import BLANK, LETTERS, Question
from servicebook.exam.contract import Exam
from servicebook.exam.render.paper_html import num


def fraction(value: float) -> str:
    """Moodle accepts only certain fractions (100, 50, 33.33333 …); 5 decimals match its list."""
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _html(text: str) -> str:
    """Bank text as the HTML Moodle shows it: a < or & in a stem stays a character, a line break stays one."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def _text(tag: str, value: str, fmt: str = "html") -> str:
    """value is HTML already (see _html); here it is only escaped for the XML around it."""
    return f'<{tag} format="{fmt}"><text>{escape(value)}</text></{tag}>'


def _answer(value: float, text: str, feedback: str = "") -> str:
    extra = f"<feedback><text>{escape(feedback)}</text></feedback>" if feedback else ""
    return f'<answer fraction="{fraction(value)}" format="plain_text"><text>{escape(text)}</text>{extra}</answer>'


def _cloze_escape(text: str) -> str:
    return "".join("\\" + c if c in '}#~/"\\' else c for c in text)


def question_xml(q: Question, points: float, scoring: dict[str, str]) -> str:
    head = f"<name><text>{escape(q.id)}</text></name>"
    text = _text("questiontext", _html(q.stem))
    feedback = _text("generalfeedback", _html(q.explanation))
    grade = f"<defaultgrade>{num(points)}</defaultgrade>"
    if q.type in ("单选", "多选"):
        right = [LETTERS.index(a) for a in q.answer]
        wrong = [i for i in range(len(q.options)) if i not in right]
        penalty = -100.0 if scoring.get("多选") != "partial" else -100.0 / max(len(wrong), 1)
        answers = "".join(_answer(100.0 / len(right) if i in right else (penalty if q.type == "多选" else 0.0), text)
                          for i, text in enumerate(q.options))
        single = "true" if q.type == "单选" else "false"
        return (f'<question type="multichoice">{head}{text}{feedback}{grade}'
                f"<single>{single}</single><shuffleanswers>1</shuffleanswers><answernumbering>ABCD</answernumbering>"
                f"{answers}</question>")
    if q.type == "判断":
        is_true = q.answer[0] == "对"
        answers = _answer(100.0 if is_true else 0.0, "true") + _answer(0.0 if is_true else 100.0, "false")
        return f'<question type="truefalse">{head}{text}{feedback}{grade}{answers}</question>'
    if q.type == "填空" and len(q.answer) == 1:
        stem = _html(BLANK.sub("______", q.stem))
        answers = "".join(_answer(100.0, alt) for alt in q.accepted(0))
        return (f'<question type="shortanswer">{head}{_text("questiontext", stem)}{feedback}{grade}'
                f"<usecase>0</usecase>{answers}</question>")
    if q.type == "填空":
        pieces = BLANK.split(q.stem)
        share = max(1, round(points / len(q.answer)))
        stem = _html(pieces[0])
        for index, piece in enumerate(pieces[1:]):
            alternatives = "~".join(f"={_cloze_escape(alt)}" for alt in q.accepted(index))
            stem += f"{{{share}:SHORTANSWER:{alternatives}}}" + _html(piece)
        return f'<question type="cloze">{head}{_text("questiontext", stem)}{feedback}</question>'
    if q.type == "排序":
        subs = "".join(f'<subquestion format="html"><text>{escape(_html(item))}</text>'
                       f"<answer><text>第{k}步</text></answer></subquestion>" for k, item in enumerate(q.items, 1))
        text = _text("questiontext", _html(q.stem + "（为每个步骤选择它是第几步）"))
        return (f'<question type="matching">{head}{text}'
                f"{feedback}{grade}<shuffleanswers>1</shuffleanswers>{subs}</question>")
    rubric = "<br>".join(_html(f"{r.point}（{num(r.score)} 分）") for r in q.rubric)
    return (f'<question type="essay">{head}{text}{feedback}{grade}'
            f"<responseformat>editor</responseformat><responserequired>1</responserequired>"
            f"<responsefieldlines>15</responsefieldlines>{_text('graderinfo', '评分要点：<br>' + rubric)}</question>")


def render_moodle(exam: Exam) -> str:
    points = {q.id: q.points for p in exam.papers.values() for q in p.questions}
    category = f"$course$/servicebook/{exam.exam_id}"
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>",
             f'<question type="category"><category><text>{escape(category)}</text></category></question>']
    parts += [question_xml(q, points[q.id], exam.scoring) for q in exam.distinct_questions()]
    parts.append("</quiz>")
    return "\n".join(parts) + "\n"
