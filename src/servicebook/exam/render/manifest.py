"""exams/<id>/manifest.json: the exam contract's Exam written as data (format servicebook-exam/1),
read back by contract.parse_manifest."""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

from servicebook.exam import contract
from servicebook.exam.contract import Exam, ExamQuestion


def manifest_data(exam: Exam, question=None) -> dict[str, Any]:
    question = question or question_data
    return {
        "format": contract.FORMAT, "exam_id": exam.exam_id, "kind": exam.kind, "month": exam.month, "role": exam.role,
        "title": exam.title, "seed": exam.seed, "bank_fingerprint": exam.bank_fingerprint,
        "duration_minutes": exam.duration_minutes, "pass_mark": exam.pass_mark, "total_points": exam.total_points,
        "scoring": dict(exam.scoring),
        "papers": [
            {"code": paper.code, "person": dict(paper.person) if paper.person else None,
             "questions": [question(q) for q in paper.questions]}
            for paper in exam.papers.values()
        ],
    }


def question_data(q: ExamQuestion) -> dict[str, Any]:
    data: dict[str, Any] = {
        "n": q.n, "id": q.id, "type": q.type, "points": q.points, "source": q.source, "stem": q.stem,
        "page": q.page, "category": q.category, "difficulty": q.difficulty, "key": q.key,
    }
    if q.type in ("单选", "多选", "判断"):
        data["options"] = list(q.options)
    if q.type == "排序":
        data["items"] = list(q.items)
    if q.type == "情景":
        data["rubric"] = [{"point": point, "score": score} for point, score in q.rubric]
    return data


def render_manifest(exam: Exam) -> str:
    """Same text as json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1), several times faster
    (json's indenting encoder is pure Python; a 2,000-paper manifest has 120,000 questions)."""
    data = manifest_data(exam, question=_question_text())
    parts: list[str] = []
    _dump(data, "\n", parts.append)
    return "".join(parts) + "\n"


class _Raw(str):
    """JSON text already written (a paper's question), inserted as is."""


QUESTION_NEWLINE = "\n" + " " * 4  # questions sit at depth 4: top > papers > paper > questions
DYNAMIC = ("key", "n", "options", "items")


def _question_text():
    """Write a question as a template made once per question (its fields that do not change between
    papers already written, and each option, step and key written once), filled in per paper."""
    layouts: dict[tuple[str, float], tuple[list[str], list[str]]] = {}
    written: dict[tuple[type, Any, str], str] = {}
    shown: dict[str, str] = {}
    kept: dict[tuple, tuple[str, str]] = {}
    inner = QUESTION_NEWLINE + " "
    deeper = inner + " "

    def once(value: Any, newline: str) -> str:
        found = written.get((type(value), value, newline))
        if found is None:
            found = written[(type(value), value, newline)] = _text(value, newline)
        return found

    def show(value: str) -> str:
        """An option or step as listed at its depth."""
        shown[value] = deeper + _text(value, deeper)
        return shown[value]

    def layout(q: ExamQuestion) -> tuple[list[str], list[str]]:
        """The question's text between the fields that change between papers, and those fields' names."""
        data, texts, changing = question_data(q), [""], []
        for k in sorted(data):
            texts[-1] += f"{',' if k != min(data) else ''}{inner}{encode_basestring(k)}: "
            if k in DYNAMIC:
                changing.append(k)
                texts.append("")
            else:
                texts[-1] += _text(data[k], inner)
        texts[0] = "{" + texts[0]
        texts[-1] += QUESTION_NEWLINE + "}"
        return texts, changing

    def around_number(q: ExamQuestion) -> tuple[str, str]:
        """The question's text before and after its number."""
        found = layouts.get((q.id, q.points))
        if found is None:
            found = layouts[(q.id, q.points)] = layout(q)
        texts, changing = found
        parts, head = [texts[0]], ""
        for field, after in zip(changing, texts[1:]):
            if field == "n":
                head, parts = "".join(parts), []
            elif field == "key":
                parts.append(once(q.key, inner) if isinstance(q.key, (str, tuple, type(None))) else _text(q.key, inner))
            else:
                values = q.options if field == "options" else q.items
                parts.append("[" + ",".join([shown[v] if v in shown else show(v) for v in values]) + inner + "]"
                             if values else "[]")
            parts.append(after)
        return head, "".join(parts)

    def text(q: ExamQuestion) -> _Raw:
        """A question shows one of few orders on many papers (24 for four options): the text around its
        number is kept per order, the number written per paper."""
        number = str(q.n) if type(q.n) is int else _text(q.n, inner)
        try:
            found = kept.get((q.id, q.points, q.key, q.options, q.items))
        except TypeError:  # a key that cannot be a dict key (not from assembly)
            head, tail = around_number(q)
            return _Raw(head + number + tail)
        if found is None:
            found = kept[(q.id, q.points, q.key, q.options, q.items)] = around_number(q)
        return _Raw(found[0] + number + found[1])

    return text


def _text(value: Any, newline: str) -> str:
    parts: list[str] = []
    _dump(value, newline, parts.append)
    return "".join(parts)


def _dump(value: Any, newline: str, out) -> None:
    if isinstance(value, _Raw):
        out(value)
    elif isinstance(value, str):
        out(encode_basestring(value))
    elif isinstance(value, dict):
        if not value:
            out("{}")
            return
        inner, first = newline + " ", True
        for key in sorted(value):
            out(("{" if first else ",") + inner + encode_basestring(key) + ": ")
            _dump(value[key], inner, out)
            first = False
        out(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out("[]")
            return
        inner, first = newline + " ", True
        for item in value:
            out(("[" if first else ",") + inner)
            _dump(item, inner, out)
            first = False
        out(newline + "]")
    else:
        out(json.dumps(value))
