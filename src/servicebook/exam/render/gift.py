"""gift.txt: every question of the exam once, in Moodle's GIFT text format."""

from __future__ import annotations

from servicebook.bank.questions import BLANK, LETTERS, Question
from servicebook.exam.contract import Exam
from servicebook.exam.render.moodle import fraction

SPECIAL = "~=#{}:\\"


def gift_escape(text: str) -> str:
    """Backslash the characters GIFT reads as syntax: ~ = # { } : and the backslash itself."""
    return "".join("\\" + c if c in SPECIAL else c for c in text).replace("\n", "\\n")


def question_gift(q: Question, scoring: dict[str, str]) -> str:
    title = f"::{gift_escape(q.id)}::"
    stem = gift_escape(q.stem)
    note = f"####{gift_escape(q.explanation)}"
    if q.type in ("单选", "多选"):
        right = [LETTERS.index(a) for a in q.answer]
        if q.type == "单选":
            answers = " ".join(("=" if i in right else "~") + gift_escape(t) for i, t in enumerate(q.options))
        else:
            wrong = len(q.options) - len(right)
            penalty = -100.0 if scoring.get("多选") != "partial" else -100.0 / max(wrong, 1)
            answers = " ".join(f"~%{fraction(100.0 / len(right) if i in right else penalty)}%{gift_escape(t)}"
                               for i, t in enumerate(q.options))
        return f"{title}{stem} {{{answers} {note}}}"
    if q.type == "判断":
        return f"{title}{stem} {{{'TRUE' if q.answer[0] == '对' else 'FALSE'}{note}}}"
    if q.type == "填空" and len(q.answer) == 1:
        before, after = BLANK.split(q.stem, maxsplit=1)
        answers = " ".join(f"={gift_escape(a)}" for a in q.accepted(0))
        return f"{title}{gift_escape(before)} {{{answers} {note}}} {gift_escape(after)}".rstrip()
    if q.type == "填空":
        return f"// {q.id}：多空填空题无法用 GIFT 表示，请导入 moodle.xml。"
    if q.type == "排序":
        pairs = " ".join(f"={gift_escape(item)} -> 第{k}步" for k, item in enumerate(q.items, 1))
        return f"{title}{stem}（为每个步骤选择它是第几步） {{{pairs} {note}}}"
    return f"{title}{stem} {{{note}}}"


def render_gift(exam: Exam) -> str:
    blocks = [f"// {exam.title}（{exam.exam_id}），共 {len(exam.distinct_questions())} 题",
              f"$CATEGORY: $course$/servicebook/{exam.exam_id}"]
    blocks += [f"// {q.id}\n{question_gift(q, exam.scoring)}" for q in exam.distinct_questions()]
    return "\n\n".join(blocks) + "\n"
