"""Read the exam files grading needs: an exam's manifest.json and a filled answer sheet (XLSX or CSV).

Also writes the small spreadsheets grading produces (rejected rows, results), always atomically.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from servicebook.errors import Problem, ProblemsFound
from servicebook.paths import display_path
from servicebook.paths import atomic_write_bytes  # noqa: F401 - also used by reports
from servicebook.tables import EXAM_PROPERTY, exam_line, marked_exam, read_table, write_workbook

SHEET_NAME = "答题卡"
MANIFEST_FORMAT = "servicebook-exam/1"
ID_COLUMNS = ("工号", "姓名", "试卷编号")


# ---- Manifest ----

@dataclass(frozen=True)
class ExamQuestion:
    """One question as printed on one paper (display letters, shuffled items)."""

    n: int
    id: str
    type: str
    points: float
    source: str
    page: str
    category: str
    difficulty: int
    options: tuple[str, ...]
    key: Any  # "B" | "AC" | "对" | (("3声", "三声"), …) | "CADB" | None
    items: tuple[str, ...]
    rubric: tuple[tuple[str, float], ...]
    stem: str = ""  # written by exams made since the manifest carried stems

    @property
    def label(self) -> str:
        """How a trainer recognises the question: its id and the start of its stem."""
        stem = self.stem if len(self.stem) <= 24 else self.stem[:23] + "…"
        return f"{self.id}“{stem}”" if stem else self.id


@dataclass(frozen=True)
class Paper:
    code: str
    person: dict[str, str] | None  # 工号 姓名 岗位 项目; None for variant papers
    questions: tuple[ExamQuestion, ...]

    @property
    def total_points(self) -> float:
        return sum(q.points for q in self.questions)


@dataclass(frozen=True)
class Manifest:
    exam_id: str
    kind: str
    month: str
    role: str
    title: str
    seed: int
    bank_fingerprint: str
    duration_minutes: int
    pass_mark: float
    total_points: float
    scoring: dict[str, str]
    papers: dict[str, Paper]
    file: str = ""


def read_manifest(exam_dir: Path) -> tuple[Manifest, dict]:
    """Load <exam_dir>/manifest.json; returns the typed manifest and the raw dict (for fix-key)."""
    path = exam_dir / "manifest.json"
    file = display_path(path)
    if not path.is_file():
        raise ProblemsFound([Problem(file, 0, "找不到试卷清单 manifest.json。",
                                     "确认考试目录是否正确（如 exams/2026-12-客服/），或先运行 servicebook exam 生成试卷。")])
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", 0)
        raise ProblemsFound([Problem(file, line, f"试卷清单不是有效的 JSON：{error}。",
                                     "不要手工修改 manifest.json；请重新生成试卷。")]) from error
    return parse_manifest(raw, file), raw


def parse_manifest(raw: Any, file: str) -> Manifest:
    """Check the manifest's shape (contract servicebook-exam/1) and build the typed manifest."""
    def fail(message: str) -> ProblemsFound:
        return ProblemsFound([Problem(file, 0, message, "不要手工修改 manifest.json；请重新生成试卷。")])

    if not isinstance(raw, dict) or raw.get("format") != MANIFEST_FORMAT:
        raise fail(f"试卷清单格式应为 {MANIFEST_FORMAT}。")
    try:
        papers = {}
        for paper in raw["papers"]:
            questions = tuple(_question(q) for q in paper["questions"])
            person = paper.get("person")
            papers[str(paper["code"])] = Paper(
                str(paper["code"]), {k: str(v or "") for k, v in person.items()} if person else None, questions)
        return Manifest(
            exam_id=str(raw["exam_id"]), kind=str(raw.get("kind", "regular")), month=str(raw["month"]),
            role=str(raw["role"]), title=str(raw.get("title", "")), seed=int(raw.get("seed", 0)),
            bank_fingerprint=str(raw.get("bank_fingerprint", "")),
            duration_minutes=int(raw.get("duration_minutes", 0)), pass_mark=float(raw["pass_mark"]),
            total_points=float(raw["total_points"]), scoring=dict(raw.get("scoring") or {}),
            papers=papers, file=file,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise fail(f"试卷清单缺少或写错了字段：{error}。") from error


def _question(q: dict) -> ExamQuestion:
    key = q.get("key")
    if q["type"] == "填空":
        key = tuple(tuple(str(alt) for alt in blank) for blank in key)
    return ExamQuestion(
        n=int(q["n"]), id=str(q["id"]), type=str(q["type"]), points=float(q["points"]),
        source=str(q.get("source", "")), page=str(q.get("page", "")), category=str(q.get("category", "")),
        difficulty=int(q.get("difficulty", 0)), options=tuple(str(o) for o in q.get("options") or ()),
        key=key, items=tuple(str(i) for i in q.get("items") or ()),
        rubric=tuple((str(r["point"]), float(r["score"])) for r in q.get("rubric") or ()),
        stem=str(q.get("stem", "")),
    )


def write_manifest(exam_dir: Path, raw: dict) -> None:
    """Rewrite manifest.json atomically in the contract's layout (sorted keys, indent 1)."""
    text = json.dumps(raw, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    atomic_write_bytes(exam_dir / "manifest.json", text.encode("utf-8"))


# ---- Answer sheets ----

@dataclass
class Sheet:
    file: str  # path shown in messages
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells as text)
    exam_id: str = ""  # the exam the sheet was written for; "" on sheets made before sheets carried it
    header_row: int = 1  # 2 when row 1 names the exam


def read_sheet(path: Path, *, sheet_name: str = SHEET_NAME, what: str = "答题卡") -> Sheet:
    """Read a filled sheet: XLSX (sheet `sheet_name`) or the same columns as CSV (UTF-8, BOM or GBK).

    Row 1 may name the exam (`考试：2026-12-客服`), the header then is row 2; an XLSX sheet also
    carries the exam id as a document property. Both must agree when both are there."""
    table = read_table(path, sheet=sheet_name, what=what)
    file = table.file
    visible = marked_exam(table.rows[0]) if table.rows else ""
    hidden = table.properties.get(EXAM_PROPERTY, "")
    if visible and hidden and visible != hidden:
        message = f"{what}第 1 行写的考试是 {visible}，文件属性记录的考试是 {hidden}，两者不一致。"
        raise ProblemsFound([Problem(file, 1, message, f"使用考试目录中原始的{what}重新填写，不要把其他考试的{what}改来用。")])
    header_row = 2 if visible else 1
    rows = iter(table.rows[header_row - 1:])
    header = next(rows, None)
    if header is None:
        raise ProblemsFound([Problem(file, header_row, f"{what}是空的，没有表头。", "使用考试目录中生成的原始文件填写。")])
    headers = list(header)
    while headers and not headers[-1]:
        headers.pop()
    missing = [name for name in ID_COLUMNS if name not in headers]
    if missing:
        hint = "工号、姓名、试卷编号、第1题、第2题……" if what == "答题卡" else "工号、姓名、试卷编号……"
        raise ProblemsFound([Problem(file, header_row, f"表头缺少 {'、'.join(missing)} 列。",
                                     f"第 {header_row} 行应为：{hint}；请勿改动表头。")])
    width = len(headers)
    body = []
    for number, cells in enumerate(rows, start=header_row + 1):
        del cells[width:]
        if not any(cells):
            continue
        cells.extend([""] * (width - len(cells)))
        body.append((number, cells))
    return Sheet(file, headers, body, hidden or visible, header_row)


def exam_check(manifest: Manifest, sheet: Sheet, what: str = "答题卡") -> Problem | None:
    """Grading trusts the pair (exam, paper code): a sheet of another exam is refused (an error),
    a sheet made before sheets carried their exam is accepted with a warning."""
    if not sheet.exam_id:
        return Problem(sheet.file, 0, f"{what}上没有考试编号（旧版{what}），无法核对它是否属于考试 {manifest.exam_id}。",
                       f"确认这是 {manifest.exam_id} 的{what}；今后请使用考试目录中新生成的{what}。", warning=True)
    if sheet.exam_id != manifest.exam_id:
        return Problem(sheet.file, 1, f"这张{what}属于考试 {sheet.exam_id}，不是要导入的考试 {manifest.exam_id}。",
                       f"导入到 {sheet.exam_id} 的考试目录（exams/{sheet.exam_id}/），或换成考试 {manifest.exam_id} 的{what}。")
    return None


# ---- Writing spreadsheets ----

def write_table(path: Path, sheet_title: str, headers: list[str], rows: Iterable[list[Any]], *,
                exam_id: str = "") -> None:
    """Write one table as .xlsx (or .csv, UTF-8 with BOM so Excel opens it) atomically.

    With `exam_id` the first line names the exam, as on the answer sheet, so the file can be
    corrected and imported again like one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        if exam_id:
            writer.writerow([exam_line(exam_id)])
        writer.writerow(headers)
        writer.writerows(rows)
        atomic_write_bytes(path, buffer.getvalue().encode("utf-8-sig"))
        return
    write_workbook(path, [(sheet_title, headers, rows)], above=exam_line(exam_id) if exam_id else "")
