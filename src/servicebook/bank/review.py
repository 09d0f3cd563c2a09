"""The trainers' review loop (issue 12, point 8): quality signals out, 通过/修改/停用 marks back in.

`servicebook bank review` writes a workbook with one row per question (generated and authored)
and its quality signals; trainers fill in 审题结论 and 备注; `--import` reads the marks back into
quizzes/review.yml. A question marked 停用 is retired: it is never drawn for a paper (check and
exam new drop it where the bank is loaded for assembly), and never shown in 自测 or 每日一练
(site/practice.py drops it).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from servicebook import yamlfile
from servicebook.bank.generate import strip_lead_in
from servicebook.bank.questions import LETTERS, Question
from servicebook.errors import Problem
from servicebook.tables import DECIMAL, PERCENT, Column

FILE = "review.yml"
MARKS = ("通过", "修改", "停用")
RETIRED = "停用"
SHEET = "审题表"
ID_HEADER, MARK_HEADER, NOTE_HEADER = "题目编号", "审题结论", "备注"
_HEADER = ("# 审题结果：servicebook bank review --import 审题表.xlsx 写入，也可以手工修改。\n"
           "# mark 为 通过 / 修改 / 停用；停用的题目不再出现在试卷、自测和每日一练中。\n")


@dataclass(frozen=True)
class Mark:
    id: str
    mark: str
    note: str = ""
    line: int = 0


# ---- quizzes/review.yml ----

def load(quizzes_dir: Path, file: str | None = None) -> tuple[dict[str, Mark], list[Problem]]:
    """The marks, and every problem with file:line. A project without review.yml has no marks."""
    path = quizzes_dir / FILE
    if not path.is_file():
        return {}, []
    file = file or f"{quizzes_dir.name}/{FILE}"
    root, problems = yamlfile.compose(path, file, ("找不到审题结果文件。", "检查文件路径。"))
    if problems:
        return {}, problems
    if root is None:
        return {}, []
    if not isinstance(root, yaml.SequenceNode):
        return {}, [Problem(file, root.start_mark.line + 1, "审题结果应为列表，每项以 - id: 开头。",
                            "格式：- {id: 题目编号, mark: 停用, note: 原因}")]
    marks: dict[str, Mark] = {}
    for line, data, _ in yamlfile.records(root, file, problems,
                                          ("每项应为“字段: 值”。", "格式：- {id: 题目编号, mark: 停用, note: 原因}")):
        qid, mark, note = str(data.get("id") or ""), data.get("mark"), data.get("note") or ""
        unknown = set(data) - {"id", "mark", "note"}
        if unknown:
            problems.append(Problem(file, line, f"未知字段 {'、'.join(sorted(unknown))}。", "只写 id、mark、note。"))
        if not qid:
            problems.append(Problem(file, line, "缺少题目编号 id。", "写成 id: 题目编号"))
            continue
        if mark not in MARKS:
            problems.append(Problem(file, line, f"题目 {qid} 的审题结论应为 {'、'.join(MARKS)} 之一，实际为 {mark!r}。",
                                    "写成 mark: 停用"))
            continue
        if qid in marks:
            problems.append(Problem(file, line, f"题目 {qid} 重复出现（第一次在第 {marks[qid].line} 行）。",
                                    "每道题只写一次。"))
            continue
        marks[qid] = Mark(qid, mark, str(note), line)
    return marks, problems


def check_ids(marks: Mapping[str, Mark], questions: Iterable[Question], file: str) -> list[Problem]:
    """Marks for ids that no longer exist (a rewritten sentence retires its generated questions)."""
    known = {q.id for q in questions}
    return [Problem(file, m.line, f"审题结果中的题目 {m.id} 在题库和自动生成的题目中都不存在。",
                    "题目已删除或句子已改写：删除这一项。", warning=True)
            for m in marks.values() if m.id not in known]


def retired(marks: Mapping[str, Mark]) -> frozenset[str]:
    return frozenset(qid for qid, m in marks.items() if m.mark == RETIRED)


def without_retired(questions: Iterable[Question], retired_ids: frozenset[str]) -> list[Question]:
    return [q for q in questions if q.id not in retired_ids]


def dump(marks: Mapping[str, Mark]) -> str:
    rows = [{"id": m.id, "mark": m.mark, **({"note": m.note} if m.note else {})}
            for m in sorted(marks.values(), key=lambda m: m.id)]
    return _HEADER + (yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=200) if rows else "[]\n")


def read_marks(rows: list[list[str]], file: str) -> tuple[dict[str, Mark], list[Problem]]:
    """Marks from the filled-in workbook (rows as displayed text); rows without a mark are skipped."""
    header_at = next((i for i, row in enumerate(rows) if ID_HEADER in row and MARK_HEADER in row), None)
    if header_at is None:
        return {}, [Problem(file, 1, f"找不到表头（{ID_HEADER}、{MARK_HEADER}）。",
                            "请使用 servicebook bank review 生成的审题表，不要删除表头行。")]
    header = rows[header_at]
    at_id, at_mark = header.index(ID_HEADER), header.index(MARK_HEADER)
    at_note = header.index(NOTE_HEADER) if NOTE_HEADER in header else None
    marks, problems = {}, []
    for index, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        cell = lambda k: row[k].strip() if k is not None and k < len(row) else ""  # noqa: E731
        qid, mark = cell(at_id), cell(at_mark)
        if not mark:
            continue
        if mark not in MARKS:
            problems.append(Problem(file, index, f"题目 {qid or '（无编号）'} 的审题结论“{mark}”无效。",
                                    f"填写 {'、'.join(MARKS)} 之一，或留空。"))
            continue
        if not qid:
            problems.append(Problem(file, index, "这一行有审题结论但没有题目编号。", "不要删除或修改题目编号列。"))
            continue
        marks[qid] = Mark(qid, mark, cell(at_note), index)
    return marks, problems


# ---- Quality signals ----

HEADERS = ["题目编号", "来源", "题型", "用途", "页面", "题干", "答案", "其他选项", "题干字数", "答案字数",
           "干扰项类型", "同一事实的题", "问题", "作答人次", Column("难度（答对率）", PERCENT), Column("区分度", DECIMAL),
           "最常选的错误选项（人次）", MARK_HEADER, NOTE_HEADER]


def answer_texts(q: Question) -> list[str]:
    if q.type in ("单选", "多选"):
        return [q.options[LETTERS.index(a)] for a in q.answer]
    if q.type == "判断":
        return list(q.answer)
    if q.type == "填空":
        return [q.accepted(i)[0] for i in range(len(q.answer))]
    if q.type == "排序":
        return [" → ".join(q.items)]
    return [f"{r.point}（{r.score:g}分）" for r in q.rubric]


def _bare(text: str) -> str:
    return re.sub(r"[\W_]+", "", strip_lead_in(text))


def flags(q: Question, same_stem: Mapping[str, list[tuple[str, str]]]) -> list[str]:
    """Plain-language warnings a reviewer should look at."""
    found = []
    own = _bare(q.stem)
    if len(own) < 12:
        found.append("题干过短")
    answers = answer_texts(q)
    if q.type == "填空" and any(len(a) > 8 for a in answers):
        found.append("填空答案过长")
    if q.type in ("单选", "填空") and any(len(_bare(a)) >= 2 and _bare(a) in own for a in answers):
        found.append("题干含答案")
    if q.type == "多选":
        if len(q.answer) == len(q.options) - 1:
            found.append("多选为“只有一项不选”")
            if LETTERS[len(q.options) - 1] not in q.answer:
                found.append("不选的恰是最后一项")
        if len(q.answer) == len(q.options):
            found.append("多选全选")
    if q.type == "单选" and q.generated and not q.distractor_kind:
        found.append("干扰项来源不明")
    twins = [i for i, fact in same_stem.get(own, []) if i != q.id and not (fact and fact == q.fact)]
    if twins:  # the 填空 and 单选 of one fact share their words: that is 同一事实, not a copy
        found.append("题干与 " + "、".join(twins) + " 相同")
    return found


def rows(questions: list[Question], stats: Mapping[str, dict], marks: Mapping[str, Mark]) -> list[list]:
    """One row per question, in page order, generated after authored."""
    same_stem: dict[str, list[tuple[str, str]]] = defaultdict(list)
    by_fact: dict[str, list[str]] = defaultdict(list)
    for q in questions:
        same_stem[_bare(q.stem)].append((q.id, q.fact))
        if q.fact:
            by_fact[q.fact].append(q.id)
    result = []
    for q in sorted(questions, key=lambda q: (q.page_id, q.generated, q.id)):
        answers = answer_texts(q)
        others = [o for i, o in enumerate(q.options) if LETTERS[i] not in q.answer] if q.type in ("单选", "多选") else []
        stat = stats.get(q.id, {})
        mark = marks.get(q.id)
        result.append([
            q.id, "自动生成" if q.generated else "手写", q.type, {"exam": "仅考试", "practice": "仅自测", "both": "考试和自测"}[q.use],
            q.source, q.stem, "；".join(answers), "；".join(others), len(_bare(q.stem)), max((len(a) for a in answers), default=0),
            q.distractor_kind, "、".join(i for i in by_fact.get(q.fact, []) if i != q.id), "；".join(flags(q, same_stem)),
            stat.get("n"), stat.get("facility"), stat.get("discrimination"), stat.get("wrong", ""),
            mark.mark if mark else "", mark.note if mark else "",
        ])
    return result


def exam_copies_of_practice(authored: Iterable[Question], generated: Iterable[Question]) -> list[Problem]:
    """Exam-only questions worded exactly like a generated question shown on the site: their stem
    and answer are public (issue 12). Make them practice, or rewrite them."""
    shown = {_bare(q.stem): q for q in generated if q.for_practice}
    problems = []
    for q in authored:
        twin = shown.get(_bare(q.stem)) if q.use == "exam" else None
        if twin is not None:
            problems.append(Problem(q.file, q.line, f"题目 {q.id} 只用于考试，但与网站自测中自动生成的题目 {twin.id} 一字不差，题干和答案都已公开。",
                                    "改为 use: practice，或换一种问法重写。", warning=True))
    return problems


def true_false_balance(questions: Iterable[Question]) -> Counter:
    return Counter(q.answer[0] for q in questions if q.type == "判断")
