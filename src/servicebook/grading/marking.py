"""The 情景 marking sheet (scenario-marking.xlsx): marks per rubric point, one row per (paper, 情景 question).

`parse_marks` is pure (a Sheet's rows in, the 情景 answers and problems out) so the exam server can
feed it typed marks; `load_marks` finds and reads the file beside an answer sheet. The marks become
each question's 情景 answer ("3；2"), which the scoring module scores like every other answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from servicebook.errors import Problem, ProblemsFound
from servicebook.grading.scoring import Attempt, needs_marking_sheet, rubric_mark
from servicebook.exam.contract import Manifest, Sheet, exam_check
from servicebook.grading.sheets import read_sheet
from servicebook.paths import display_path
from servicebook.tables import column_letter

FILE_NAME = "scenario-marking.xlsx"  # written by servicebook exam new/retake into the exam folder
SHEET_NAME = "情景评分"
WHAT = "情景评分表"
MARK_PREFIX = "评分"
RESPONSE_COLUMN = "作答"  # the 情景 answer as typed (exam on phones); paper exams leave it out


@dataclass
class Marks:
    """情景 answers by (paper code, question number), each its rubric marks joined by "；"."""

    file: str
    answers: dict[tuple[str, int], str] = field(default_factory=dict)
    path: Path | None = None  # the file read, when read from disk
    responses: dict[tuple[str, int], str] = field(default_factory=dict)  # typed answers (作答 column), if any
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def parse_marks(manifest: Manifest, sheet: Sheet) -> Marks:
    """Check every row of a marking sheet against the exam; each bad cell is a problem naming row and column."""
    marks = Marks(sheet.file)
    index = {name: i for i, name in enumerate(sheet.headers)}
    mark_columns = sorted((int(name[len(MARK_PREFIX):]), i) for name, i in index.items()
                          if name.startswith(MARK_PREFIX) and name[len(MARK_PREFIX):].isdigit())
    if "试卷编号" not in index or "题号" not in index or not mark_columns:
        marks.problems.append(Problem(sheet.file, sheet.header_row, "表头缺少 试卷编号、题号 或 评分1、评分2…… 列。",
                                      f"使用考试目录中的 {FILE_NAME}，不要删除或改名表头。"))
        return marks
    first_row: dict[tuple[str, int], int] = {}
    for number, cells in sheet.rows:
        code, typed_n = cells[index["试卷编号"]], cells[index["题号"]]
        staff_no = cells[index["工号"]] if "工号" in index else ""
        paper = manifest.papers.get(code)

        def problem(message: str, hint: str) -> None:
            marks.problems.append(Problem(sheet.file, number, message, hint))

        if paper is None:
            problem(f"试卷编号 {code} 不在本次考试（{manifest.exam_id}）中。" if code else "没有填写试卷编号。",
                    "核对试卷编号，或确认评分表与考试目录是否对应。")
            continue
        if staff_no and paper.person and staff_no != paper.person.get("工号"):
            problem(f"试卷 {code} 属于工号 {paper.person.get('工号')}（{paper.person.get('姓名')}），评分表上填的是 {staff_no}。",
                    "核对工号和试卷编号是否抄错。")
            continue
        question = next((q for q in paper.questions if str(q.n) == typed_n and q.type == "情景"), None)
        if question is None:
            problem(f"试卷 {code} 没有第 {typed_n or '？'} 题情景题。", "不要改动评分表的 试卷编号 和 题号 列。")
            continue
        first = first_row.setdefault((code, question.n), number)
        if first != number:
            problem(f"试卷 {code} 第 {question.n} 题在第 {first} 行已有评分，同一道题只能有一行。", "删除重复的一行。")
            continue
        texts, bad = [], False
        for k, column in mark_columns:
            text = cells[column]
            where = f"{column_letter(column)} 列（{MARK_PREFIX}{k}）"
            if k > len(question.rubric):
                if text:
                    problem(f"{where}：第 {question.n} 题只有 {len(question.rubric)} 个评分要点，这一格应留空，却填了“{text}”。",
                            "把分数填到该题实有的要点下，多余的格子留空。")
                    bad = True
                continue
            maximum = question.rubric[k - 1][1]
            _, why = rubric_mark(text, maximum)
            if why:
                problem(f"{where}：{why}", f"填 0 到 {maximum:g} 之间的数字（要点“{question.rubric[k - 1][0]}”）。")
                bad = True
            texts.append(text)
        texts += [""] * (len(question.rubric) - len(texts))  # a sheet narrower than this rubric: unmarked
        if not bad:
            marks.answers[(code, question.n)] = "；".join(texts)
        if RESPONSE_COLUMN in index and cells[index[RESPONSE_COLUMN]]:
            marks.responses[(code, question.n)] = cells[index[RESPONSE_COLUMN]]
    return marks


def unmarked(manifest: Manifest, attempts: list[Attempt], file: str) -> list[Problem]:
    """A warning naming the graded papers whose 情景 the marking sheet leaves without any mark (scored 0)."""
    missing = [f"{a.paper} 第{q.n}题" for a in attempts
               for q, answer in zip(manifest.papers[a.paper].questions, a.answers)
               if q.type == "情景" and not answer.strip("；")]
    if not missing:
        return []
    shown = "、".join(missing[:10]) + (f" 等 {len(missing)} 道" if len(missing) > 10 else "")
    return [Problem(file, 0, f"情景评分表中没有这些情景题的评分，按 0 分计：{shown}。",
                    f"如果漏评了，在 {FILE_NAME} 中补上评分后重新导入。", warning=True)]


def marking_path(exam_dir: Path, sheet_path: Path, given: Path | None = None) -> Path | None:
    """The marking sheet to read: the one given, else scenario-marking.xlsx beside the answer sheet,
    else the one in the exam folder; None when there is none."""
    if given is not None:
        return given
    for candidate in (sheet_path.parent / FILE_NAME, exam_dir / FILE_NAME):
        if candidate.is_file():
            return candidate
    return None


def marks_for(manifest: Manifest, sheet: Sheet, exam_dir: Path, sheet_path: Path,
              given: Path | None = None) -> Marks | None:
    """The marks grading `sheet` needs: None for a sheet that still carries its 情景 marks (made before
    the marking sheet) or that belongs to another exam (grading refuses it, naming both exams)."""
    belongs = exam_check(manifest, sheet)
    if belongs is not None and not belongs.warning:
        return None
    if given is None and not needs_marking_sheet(manifest, sheet):
        return None
    return load_marks(manifest, exam_dir, sheet_path, given)


def load_marks(manifest: Manifest, exam_dir: Path, sheet_path: Path, given: Path | None = None) -> Marks:
    """Find, read and check the marking sheet for `manifest` (raises ProblemsFound when it cannot be used)."""
    path = marking_path(exam_dir, sheet_path, given)
    if path is None:
        places = "、".join(dict.fromkeys(display_path(p / FILE_NAME) for p in (sheet_path.parent, exam_dir)))
        raise ProblemsFound([Problem(display_path(sheet_path), 0, f"本次考试有情景题，但没有找到情景评分表（找过 {places}）。",
                                     f"在考试目录的 {FILE_NAME} 中为每人的情景题评分（可另存到答题卡旁），"
                                     "或用 --marking 指定评分表。")])
    sheet = read_sheet(path, sheet_name=SHEET_NAME, what=WHAT)
    belongs = exam_check(manifest, sheet, WHAT)
    if belongs is not None and not belongs.warning:
        raise ProblemsFound([belongs])
    marks = parse_marks(manifest, sheet)
    marks.path = path
    if marks.problems:
        raise ProblemsFound(marks.problems)
    marks.warnings.extend([belongs] if belongs else [])
    return marks
