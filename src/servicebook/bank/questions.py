"""The question model and the rules each question must follow (pure: no file access)."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from typing import Any

from servicebook.errors import Problem
from servicebook.kb.schema import ROLES

TYPES = ("单选", "多选", "判断", "填空", "排序", "情景")
USES = ("exam", "practice", "both")
TRUE_FALSE = ("对", "错")
BLANK = re.compile(r"_{3,}")
QUESTION_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LETTERS = string.ascii_uppercase
REQUIRED = ("id", "type", "stem", "explanation", "source", "roles", "difficulty", "points")
OPTIONAL = ("options", "answer", "items", "rubric", "use", "red_line", "fingerprint", "tags", "fact")


@dataclass(frozen=True)
class RubricItem:
    point: str
    score: float


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    stem: str
    explanation: str
    source: str  # "<page id>#<anchor>"
    roles: tuple[str, ...]
    difficulty: int
    points: float
    options: tuple[str, ...] = ()
    answer: tuple[str, ...] = ()  # letters, 对/错, or one "alt|alt" string per blank
    items: tuple[str, ...] = ()  # 排序: the steps in their right order
    rubric: tuple[RubricItem, ...] = ()
    use: str = "exam"
    red_line: bool = False
    fingerprint: str | None = None
    file: str = ""
    line: int = 0
    generated: bool = False
    category: str = field(default="", compare=False)
    # The fact it tests: "page#anchor@sentence-hash" (bank.facts.Fact.fact_id) for generated questions;
    # authored questions may name one with `fact:`. Two questions on one fact must not share a paper.
    fact: str = field(default="", compare=False)
    distractor_kind: str = field(default="", compare=False)  # generated 单选: how its wrong options were found

    @property
    def page_id(self) -> str:
        return self.source.partition("#")[0]

    @property
    def anchor(self) -> str:
        return self.source.partition("#")[2]

    @property
    def for_practice(self) -> bool:
        return self.use in ("practice", "both")

    @property
    def for_exam(self) -> bool:
        return self.use in ("exam", "both")

    def accepted(self, blank: int) -> list[str]:
        """The accepted spellings of one blank of a 填空 question."""
        return [alt.strip() for alt in self.answer[blank].split("|") if alt.strip()]

    def serves(self, role: str) -> bool:
        return role in self.roles or "全员" in self.roles


def build_question(data: dict[str, Any], lines: dict[str, int], file: str, line: int,
                   defaults: dict[str, Any]) -> tuple[Question | None, list[Problem]]:
    """Validate one question's fields and build it; every problem names the file and line."""
    problems: list[Problem] = []
    qid = data.get("id") if isinstance(data.get("id"), str) else None
    label = f"题目 {qid}" if qid else "题目"

    def bad(key: str, message: str, hint: str) -> None:
        problems.append(Problem(file, lines.get(key, line), f"{label}：{message}", hint))

    data = {**defaults, **data}
    for key in data:
        if key not in REQUIRED + OPTIONAL and key not in defaults:
            bad(key, f"未知字段 {key}。", f"允许的字段：{'、'.join(REQUIRED + OPTIONAL)}。")
    for key in REQUIRED:
        if data.get(key) in (None, "", []):
            bad(key, f"缺少必填字段 {key}。", "题目格式见 CONTRIBUTING.md 第四节。")
    if problems:
        return None, problems

    if not QUESTION_ID.match(str(data["id"])):
        bad("id", f"id 应为小写英文、数字和连字符，实际为 {data['id']!r}。", "写成 页面id-001 的形式。")
    qtype = data["type"]
    if qtype not in TYPES:
        bad("type", f"type 应为 {'、'.join(TYPES)} 之一，实际为 {qtype!r}。", "按题型填写中文名称。")
    roles = data["roles"] if isinstance(data["roles"], list) else [data["roles"]]
    for role in roles:
        if role not in ROLES:
            bad("roles", f"roles 中的 {role!r} 不是有效岗位。", f"应为 {'、'.join(ROLES)} 之一。")
    difficulty = data["difficulty"]
    if difficulty not in (1, 2, 3):
        bad("difficulty", f"difficulty 应为 1、2 或 3，实际为 {difficulty!r}。", "1 易，2 中，3 难。")
    points = data["points"]
    if not isinstance(points, (int, float)) or isinstance(points, bool) or points <= 0:
        bad("points", f"points 应为正数，实际为 {points!r}。", "如 points: 2")
    use = data.get("use", "exam")
    if use not in USES:
        bad("use", f"use 应为 exam、practice 或 both，实际为 {use!r}。",
            "exam 只用于考试；practice 只在网站自测；both 两者皆可。")
    source = str(data["source"])
    if "#" not in source or not all(source.partition("#")[::2]):
        bad("source", f"source 应为“页面id#标题锚点”，实际为 {source!r}。", "如 source: ten-steps#第一步聆听")
    if problems:
        return None, problems

    fields: dict[str, Any] = {}
    check = {"单选": _single, "多选": _multiple, "判断": _true_false, "填空": _blanks,
             "排序": _ordering, "情景": _scenario}[qtype]
    check(data, fields, bad)
    if problems:
        return None, problems
    question = Question(
        id=data["id"], type=qtype, stem=str(data["stem"]).strip(), explanation=str(data["explanation"]).strip(),
        source=source, roles=tuple(roles), difficulty=difficulty, points=points, use=use,
        red_line=bool(data.get("red_line", False)), fingerprint=_fingerprint(data.get("fingerprint")),
        file=file, line=line, fact=str(data.get("fact") or ""), **fields,
    )
    return question, []


def _fingerprint(value) -> str | None:
    """A stamped fingerprint as text. Written unquoted, an all-digit hash (592109675584) reads as
    a number; it is still the same fingerprint."""
    return None if value in (None, "") else str(value)


def _options(data, bad) -> tuple[str, ...] | None:
    options = data.get("options")
    if not isinstance(options, list) or not 2 <= len(options) <= 6:
        bad("options", "options 应为 2 到 6 个选项的列表。", "写成 options: [选项一, 选项二, 选项三, 选项四]")
        return None
    texts = tuple(str(o).strip() for o in options)
    if len(set(texts)) != len(texts) or not all(texts):
        bad("options", "options 中有重复或空白的选项。", "每个选项写不同的内容。")
        return None
    return texts


def _letters(value) -> list[str]:
    if isinstance(value, str):
        return [c for c in value.upper() if c.strip() and c not in ",，、"]
    if isinstance(value, list):
        return [str(v).strip().upper() for v in value]
    return []


def _single(data, fields, bad):
    options = _options(data, bad)
    if options is None:
        return
    letters = _letters(data.get("answer"))
    valid = LETTERS[: len(options)]
    if len(letters) != 1 or letters[0] not in valid:
        bad("answer", f"答案 {data.get('answer')!r} 不是选项 {'、'.join(valid)} 之一。", "单选题写一个字母，如 answer: B")
        return
    fields.update(options=options, answer=tuple(letters))


def _multiple(data, fields, bad):
    options = _options(data, bad)
    if options is None:
        return
    letters = _letters(data.get("answer"))
    valid = LETTERS[: len(options)]
    wrong = [x for x in letters if x not in valid]
    if wrong or len(letters) < 2 or len(set(letters)) != len(letters):
        bad("answer", f"答案 {data.get('answer')!r} 应为至少两个不重复的选项字母（{'、'.join(valid)}）。",
            "多选题写成 answer: [A, C]")
        return
    fields.update(options=options, answer=tuple(sorted(letters)))


def _true_false(data, fields, bad):
    answer = data.get("answer")
    mapped = {True: "对", False: "错"}.get(answer, answer) if isinstance(answer, bool) else answer
    if mapped not in TRUE_FALSE:
        bad("answer", f"判断题答案应为 对 或 错，实际为 {answer!r}。", "写成 answer: 对")
        return
    fields.update(options=TRUE_FALSE, answer=(mapped,))


def _blanks(data, fields, bad):
    count = len(BLANK.findall(str(data["stem"])))
    answer = data.get("answer")
    answers = answer if isinstance(answer, list) else [answer]
    if count == 0:
        bad("stem", "填空题的题干中没有空（___）。", "在要填的位置写三个下划线 ___")
        return
    if len(answers) != count:
        bad("answer", f"题干有 {count} 个空，answer 给了 {len(answers)} 个答案。", "每个空对应 answer 列表中的一项。")
        return
    for index, alternatives in enumerate(answers, 1):
        if not any(a.strip() for a in str(alternatives or "").split("|")):
            bad("answer", f"第 {index} 个空没有可接受的答案。", "写出答案，多种写法用 | 分隔，如 \"3声|三声\"")
            return
    fields.update(answer=tuple(str(a) for a in answers))


def _ordering(data, fields, bad):
    items = data.get("items")
    if not isinstance(items, list) or len(items) < 3:
        bad("items", "排序题的 items 应按正确顺序列出至少 3 个步骤。", "写成 items: [第一步, 第二步, 第三步]")
        return
    texts = tuple(str(i).strip() for i in items)
    if len(set(texts)) != len(texts):
        bad("items", "排序题的步骤有重复。", "每个步骤写不同的内容。")
        return
    fields.update(items=texts)


def _scenario(data, fields, bad):
    rubric = data.get("rubric")
    if not isinstance(rubric, list) or not rubric:
        bad("rubric", "情景题缺少评分要点 rubric。", "写成 rubric: [{point: 要点, score: 分值}, …]")
        return
    items = []
    for entry in rubric:
        if not isinstance(entry, dict) or not entry.get("point") or not isinstance(entry.get("score"), (int, float)):
            bad("rubric", f"评分要点 {entry!r} 应包含 point（要点）和 score（分值）。", "如 {point: 先安抚情绪, score: 3}")
            return
        items.append(RubricItem(str(entry["point"]).strip(), entry["score"]))
    total = sum(item.score for item in items)
    if abs(total - data["points"]) > 1e-9:
        bad("rubric", f"评分要点分值合计 {total:g} 分，与题目分值 points: {data['points']:g} 不符。",
            "调整各要点分值或题目分值，使两者相等。")
        return
    fields.update(rubric=tuple(items))
