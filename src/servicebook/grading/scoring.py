"""Score filled answer sheets against an exam manifest (pure: no file access).

Scoring rules are named data (ScoringPolicy), chosen per question type by the manifest's `scoring`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from servicebook import numerals
from servicebook.bank.questions import LETTERS
from servicebook.errors import Problem
from servicebook.exam.contract import ExamQuestion, Manifest, Paper, Sheet, exam_check

TRUE_WORDS = {"对", "√", "✓", "✔", "T", "TRUE", "正确", "是", "Y"}
FALSE_WORDS = {"错", "×", "✗", "✘", "X", "F", "FALSE", "错误", "否", "N"}
SEPARATORS = re.compile(r"[\s,，、;；/|.。]+")
BLANK_SEPARATOR = re.compile(r"[;；]")
EPSILON = 1e-9


# ---- Named scoring policies ----

@dataclass(frozen=True)
class ScoringPolicy:
    """How a 多选 or 排序 answer earns points. partial=False: all or nothing."""

    name: str
    partial: bool
    description: str


POLICIES = {
    "all-or-nothing": ScoringPolicy("all-or-nothing", False, "全对得分，否则不得分"),
    "partial": ScoringPolicy("partial", True, "按比例得分（多选：选错任一项不得分）"),
}
DEFAULT_POLICY = POLICIES["all-or-nothing"]


def policy_for(manifest: Manifest, qtype: str) -> ScoringPolicy:
    return POLICIES.get(manifest.scoring.get(qtype, ""), DEFAULT_POLICY)


# ---- Normalisation ----

# The same folding the quiz generator and the site's practice blocks use, so an answer the site
# accepts is one the grader accepts (full/half width, spaces, case, 三声 = 3声).
normalize_answer = numerals.normalize_answer


def letters_of(text: str) -> str:
    """Answer letters as typed (b, ａ, "A,C", "A C") → upper-case letters without separators."""
    return SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()


# ---- One answer ----

@dataclass(frozen=True)
class Marked:
    points: float
    problem: str = ""  # why the answer cannot be scored (a bad row), empty when fine


def score_answer(question: ExamQuestion, answer: str, policy: ScoringPolicy = DEFAULT_POLICY) -> Marked:
    """Score one typed answer (a 情景 answer is its rubric marks joined by "；"). Empty = 0 points."""
    if not answer.strip():
        return Marked(0.0)
    return _SCORERS[question.type](question, answer, policy)


def _valid(question: ExamQuestion) -> str:
    return LETTERS[: len(question.options or question.items)]


def _not_options(question: ExamQuestion, answer: str) -> Marked:
    valid = _valid(question)
    return Marked(0.0, f"第{question.n}题：答案“{answer}”不是选项 {'、'.join(valid)} 之一。")


def _single(question, answer, policy) -> Marked:
    letters = letters_of(answer)
    if not letters or any(c not in _valid(question) for c in letters):
        return _not_options(question, answer)
    return Marked(question.points if letters == question.key else 0.0)


def _multiple(question, answer, policy) -> Marked:
    letters = letters_of(answer)
    if not letters or any(c not in _valid(question) for c in letters):
        return _not_options(question, answer)
    chosen, key = set(letters), set(question.key)
    if chosen == key:
        return Marked(question.points)
    if policy.partial and chosen <= key:
        return Marked(question.points * len(chosen) / len(key))
    return Marked(0.0)


def _true_false(question, answer, policy) -> Marked:
    word = unicodedata.normalize("NFKC", answer).strip().upper()
    value = "对" if word in TRUE_WORDS else "错" if word in FALSE_WORDS else None
    if value is None:
        return Marked(0.0, f"第{question.n}题：判断题应填“对”或“错”，答题卡上是“{answer}”。")
    return Marked(question.points if value == question.key else 0.0)


def _blanks(question, answer, policy) -> Marked:
    given = BLANK_SEPARATOR.split(answer) if len(question.key) > 1 else [answer]
    right = 0
    for index, accepted in enumerate(question.key):
        if index < len(given) and numerals.same_answer(given[index], accepted):
            right += 1
    return Marked(question.points * right / len(question.key))


def _ordering(question, answer, policy) -> Marked:
    letters = letters_of(answer)
    valid = _valid(question)
    if any(c not in valid for c in letters) or len(set(letters)) != len(letters):
        return Marked(0.0, f"第{question.n}题：排序答案“{answer}”应由 {'、'.join(valid)} 各一次组成。")
    if letters == question.key:
        return Marked(question.points)
    if policy.partial:
        hits = sum(1 for got, want in zip(letters, question.key) if got == want)
        return Marked(question.points * hits / len(question.key))
    return Marked(0.0)


def _scenario(question, answer, policy) -> Marked:
    total = 0.0
    for index, (text, (_, maximum)) in enumerate(zip(answer.split("；"), question.rubric), start=1):
        mark, problem = rubric_mark(text, maximum)
        if problem:
            return Marked(0.0, f"第{question.n}题要点{index}：{problem}")
        total += mark
    return Marked(total)


def rubric_mark(text: str, maximum: float) -> tuple[float, str]:
    """One 情景 rubric point's mark as typed (empty = 0) → (points, why it is refused or "")."""
    if not text.strip():
        return 0.0, ""
    try:
        mark = float(unicodedata.normalize("NFKC", text).strip())
    except ValueError:
        return 0.0, f"评分“{text}”不是数字。"
    if mark < 0 or mark > maximum + EPSILON or mark != mark:
        return 0.0, f"评分 {text} 超出范围（该要点满分 {maximum:g} 分）。"
    return mark, ""


_SCORERS = {"单选": _single, "多选": _multiple, "判断": _true_false, "填空": _blanks, "排序": _ordering,
            "情景": _scenario}


# ---- A whole sheet ----

@dataclass
class Attempt:
    """One graded row: who, which paper, each answer as typed and the points it earned."""

    row: int
    paper: str
    staff_no: str
    name: str
    post: str
    project: str
    answers: list[str]
    points: list[float]

    @property
    def total(self) -> float:
        return round(sum(self.points), 6)

    @property
    def blank(self) -> bool:
        """Nothing written for any question (a 情景 answer joins its rubric marks with "；")."""
        return not any(answer.strip("； ") for answer in self.answers)


@dataclass
class Grading:
    attempts: list[Attempt] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # shown, but the sheet is still imported
    rejected: list[tuple[int, list[str], str]] = field(default_factory=list)  # row, cells, 问题


def column_name(n: int, rubric_item: int = 0) -> str:
    return f"第{n}题-要点{rubric_item}" if rubric_item else f"第{n}题"


def needs_marking_sheet(manifest: Manifest, sheet: Sheet) -> bool:
    """True when the exam has 情景 questions and the answer sheet has no 要点 columns for them
    (sheets written since 情景 moved to scenario-marking.xlsx; older sheets carry the marks)."""
    headers = set(sheet.headers)
    return any(name not in headers for paper in manifest.papers.values() for q in paper.questions
               if q.type == "情景" for name in _question_columns(q))


def grade_sheet(manifest: Manifest, sheet: Sheet, staff: dict[str, dict[str, str]] | None = None,
                scenario: dict[tuple[str, int], str] | None = None) -> Grading:
    """Score every row; every bad row becomes a Problem with its row number (collect, then stop).

    `staff` maps 工号 → {姓名, 岗位, 项目} when a roster is known; unknown 工号 are then problems.
    `scenario` holds the 情景 answers from the marking sheet by (paper code, question number);
    without it they are read from the answer sheet's 第n题-要点k columns (sheets made before).
    """
    grading = Grading()
    belongs = exam_check(manifest, sheet)
    if belongs is not None and not belongs.warning:
        grading.problems.append(belongs)
        return grading
    grading.warnings.extend([belongs] if belongs else [])
    if scenario is None and needs_marking_sheet(manifest, sheet):
        grading.problems.append(Problem(sheet.file, 0, "本次考试有情景题，情景题的评分要用情景评分表导入。",
                                        "在考试目录的 scenario-marking.xlsx 中评分，与答题卡一起导入。"))
        return grading
    apart = scenario is not None
    index = {name: i for i, name in enumerate(sheet.headers)}
    missing = sorted({name for paper in manifest.papers.values() for name in _columns(paper, apart)
                      if name not in index}, key=lambda name: (len(name), name))
    if missing:
        grading.problems.append(Problem(sheet.file, sheet.header_row, f"表头缺少 {'、'.join(missing[:5])}"
                                        f"{' 等' if len(missing) > 5 else ''} {len(missing)} 列。",
                                        "使用本次考试目录中的 answer-sheet.xlsx，不要删除或改名表头。"))
        return grading
    policies = {t: policy_for(manifest, t) for t in _SCORERS}
    layouts: dict[str, list[tuple[ExamQuestion, list[int]]]] = {}
    cache: dict[tuple[int, str], Marked] = {}
    first_row: dict[tuple[str, str], int] = {}
    no_col, name_col, code_col = index["工号"], index["姓名"], index["试卷编号"]
    for number, cells in sheet.rows:
        code, staff_no, name = cells[code_col], cells[no_col], cells[name_col]
        messages: list[str] = []
        paper = manifest.papers.get(code)
        person: dict[str, str] = {}
        if not code:
            messages.append("没有填写试卷编号。")
        elif paper is None:
            messages.append(f"试卷编号 {code} 不在本次考试（{manifest.exam_id}）中。")
        elif paper.person:
            person = paper.person
            if staff_no and staff_no != person.get("工号"):
                messages.append(f"试卷 {code} 属于工号 {person.get('工号')}（{person.get('姓名')}），"
                                f"答题卡上填的是 {staff_no}。")
            staff_no, name = person.get("工号", ""), name or person.get("姓名", "")
        elif not staff_no:
            messages.append(f"变体试卷 {code} 需要填写工号和姓名。")
        if staff_no and staff is not None and staff and not paper_person(paper) and staff_no not in staff:
            messages.append(f"工号 {staff_no} 不在员工名单中。")
        for label, key in (("工号", staff_no), ("试卷编号", code if paper_person(paper) else "")):
            if key and not messages:
                first = first_row.setdefault((label, key), number)
                if first != number:
                    messages.append(f"{label} {key} 在第 {first} 行已出现过，同一{'人' if label == '工号' else '份试卷'}"
                                    "只能有一行答案。")
        answers, points = [], []
        if paper is not None and not messages:
            layout = layouts.get(code)
            if layout is None:
                layout = layouts[code] = [(q, [index[c] for c in _question_columns(q, apart)])
                                          for q in paper.questions]
            for question, columns in layout:
                if not columns:  # 情景, marked on the marking sheet
                    answer = scenario.get((code, question.n), "")
                else:
                    answer = cells[columns[0]] if len(columns) == 1 else "；".join(cells[c] for c in columns)
                marked = cache.get((id(question), answer))
                if marked is None:
                    marked = cache[(id(question), answer)] = score_answer(question, answer, policies[question.type])
                if marked.problem:
                    messages.append(marked.problem)
                answers.append(answer)
                points.append(marked.points)
        if messages:
            grading.problems.extend(Problem(sheet.file, number, m, _hint(m)) for m in messages)
            grading.rejected.append((number, cells, "；".join(messages)))
            continue
        known = (staff or {}).get(staff_no, {})
        grading.attempts.append(Attempt(
            number, code, staff_no, name or known.get("姓名", ""),
            person.get("岗位") or known.get("岗位") or manifest.role,
            person.get("项目") or known.get("项目", ""), answers, points))
    return grading


def paper_person(paper: Paper | None) -> bool:
    return bool(paper and paper.person)


def _columns(paper: Paper, apart: bool = False) -> list[str]:
    return [name for q in paper.questions for name in _question_columns(q, apart)]


def _question_columns(question: ExamQuestion, apart: bool = False) -> list[str]:
    """The answer sheet's columns of a question; none for a 情景 marked `apart` on the marking sheet."""
    if question.type == "情景":
        return [] if apart else [column_name(question.n, k) for k in range(1, len(question.rubric) + 1)]
    return [column_name(question.n)]


def _hint(message: str) -> str:
    if "不在本次考试" in message or "没有填写试卷编号" in message:
        return "核对试卷右上角的试卷编号，或确认答题卡与考试目录是否对应。"
    if "不在员工名单" in message:
        return ("核对工号是否抄错；新员工先加入员工名单：servicebook staff import 名单.xlsx，"
                "或阅卷时加 --roster 名单.xlsx。")
    if "属于工号" in message or "需要填写工号" in message:
        return "核对工号是否抄错。"
    if "已出现过" in message:
        return "删除重复的一行，或改正其中一行的工号/试卷编号。"
    if "要点" in message:
        return "评分填 0 到该要点满分之间的数字。"
    return "按试卷上的选项填写（单选如 B，多选如 AC，判断填 对/错，排序如 CADB），未作答请留空。"


def lowest_questions(manifest: Manifest, attempts: list[Attempt], count: int = 5) -> list[tuple[str, float]]:
    """The questions with the lowest share of points earned: [(question id, share 0..1)]."""
    earned: dict[str, list[float]] = {}
    for attempt in attempts:
        for question, points in zip(manifest.papers[attempt.paper].questions, attempt.points):
            sums = earned.setdefault(question.id, [0.0, 0.0])
            sums[0] += points
            sums[1] += question.points
    shares = [(qid, got / full if full else 0.0) for qid, (got, full) in earned.items()]
    return sorted(shares, key=lambda item: (item[1], item[0]))[:count]


# ---- Correcting a key (servicebook exam fix-key) ----

class KeyFixError(ValueError):
    """A corrected key that cannot be applied; the message is user-facing."""


def corrected_manifest(raw: dict, question_id: str, answer: str, reference: str | None = None
                       ) -> tuple[dict, str, str]:
    """Return (new raw manifest, old key, new key) with `question_id`'s key replaced on every paper.

    Letters in `answer` refer to the option (or item) order on the reference paper (default: the first
    paper with the question); each paper gets the same options in its own display letters.
    """
    import copy

    new = copy.deepcopy(raw)
    entries = [(paper["code"], q) for paper in new["papers"] for q in paper["questions"] if q["id"] == question_id]
    if not entries:
        raise KeyFixError(f"题目 {question_id} 不在本次考试（{raw.get('exam_id')}）中。")
    if reference is not None:
        matches = [q for code, q in entries if code == reference]
        if not matches:
            raise KeyFixError(f"试卷 {reference} 中没有题目 {question_id}。")
        ref = matches[0]
    else:
        ref = entries[0][1]
    qtype = ref["type"]
    old = _key_text(ref)
    if qtype == "情景":
        raise KeyFixError("情景题没有标准答案，由阅卷人按评分要点打分；请在情景评分表 scenario-marking.xlsx 中修改评分后重新导入。")
    if qtype == "判断":
        word = unicodedata.normalize("NFKC", answer).strip().upper()
        key = "对" if word in TRUE_WORDS else "错" if word in FALSE_WORDS else None
        if key is None:
            raise KeyFixError(f"判断题的答案应为“对”或“错”，实际为“{answer}”。")
        for _, q in entries:
            q["key"] = key
    elif qtype == "填空":
        blanks = [[alt.strip() for alt in part.split("|") if alt.strip()] for part in BLANK_SEPARATOR.split(answer)]
        if len(blanks) != len(ref["key"]) or not all(blanks):
            raise KeyFixError(f"这道填空题有 {len(ref['key'])} 个空；答案写成“空1写法1|空1写法2；空2写法”。")
        for _, q in entries:
            q["key"] = blanks
    else:
        field_name = "items" if qtype == "排序" else "options"
        letters = letters_of(answer)
        pool = ref[field_name]
        valid = LETTERS[: len(pool)]
        wrong_count = (qtype == "单选" and len(letters) != 1) or (qtype == "排序" and sorted(letters) != list(valid))
        if not letters or any(c not in valid for c in letters) or len(set(letters)) != len(letters) or wrong_count:
            raise KeyFixError(f"{qtype}题的答案“{answer}”无效；可用的字母为 {'、'.join(valid)}。")
        texts = [pool[LETTERS.index(c)] for c in letters]
        for _, q in entries:
            positions = [LETTERS[q[field_name].index(t)] for t in texts]
            q["key"] = "".join(positions if qtype == "排序" else sorted(positions))
    return new, old, _key_text(ref)


def _key_text(question: dict) -> str:
    key = question.get("key")
    if question["type"] == "填空":
        return "；".join("|".join(blank) for blank in key)
    return str(key)


def needs_retake(result: tuple[float, bool] | None, retake_result: tuple[float, bool] | None) -> bool:
    """The retake rule: a 补考 for an exam missed (None) or failed, unless its retake was passed."""
    return (result is None or not result[1]) and not (retake_result and retake_result[1])
