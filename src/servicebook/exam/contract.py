"""The exam contract: one exam model (Exam, Paper, ExamQuestion) that assembly produces and
rendering, exposure, grading and key correction read; exams/<id>/manifest.json is that model as
data; and the filled answer sheet as grading sees it.

The manifest names its format, `servicebook-exam/<version>`. FORMAT is the version written;
READABLE lists every version this code still loads (add the older one here, with its conversion
in parse_manifest, when the format changes). `exam new` writes the manifest with its own compact
layout (render/manifest.py); a key correction rewrites it with `to_json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from servicebook.bank.questions import Question
from servicebook.errors import Problem, ProblemsFound
from servicebook.paths import atomic_write_bytes, display_path

MANIFEST = "manifest.json"
FORMAT_PREFIX = "servicebook-exam/"
FORMAT = FORMAT_PREFIX + "1"
READABLE = frozenset({FORMAT})


# ---- The exam ----

@dataclass(frozen=True)
class PageRef:
    """A knowledge-base page as an exam refers to it (page id -> file in docs/, title, category)."""

    src: str  # path inside docs/, e.g. complaints/ten-steps.md
    title: str
    category: str


@dataclass(frozen=True)
class ExamQuestion:
    """One question as printed on one paper (display letters, shuffled items).

    `question` is the bank question it was drawn from: set by assembly and by the key-file rebuild
    (explanations, red lines, the answer in its own order), None when read from manifest.json."""

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
    question: Question | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, fields: dict[str, Any]) -> "ExamQuestion":
        """ExamQuestion(**fields), `fields` naming every field: the same object without the frozen
        dataclass's object.__setattr__ per field (assembly makes 120,000 of them for 2,000 papers)."""
        question = object.__new__(cls)
        question.__dict__.update(fields.items())  # pairs, not a dict: keeps the class's shared-key layout (a
        return question  # dict merged into the empty __dict__ would copy its own table: 2.5 times the memory)

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

    @property
    def label(self) -> str:
        """The name part of the paper's file name."""
        return self.person.get("姓名", "") if self.person else f"变体{int(self.code[1:])}"


@dataclass(frozen=True)
class Exam:
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
    papers: dict[str, Paper]  # by code, in paper order
    file: str = ""  # the manifest read, for messages
    reused: tuple[str, ...] = ()  # assembly: ids drawn although used in the last months (pool too small)

    def distinct_questions(self) -> list[Question]:
        """The bank question of every question on any paper, by id (an exam assembled or rebuilt for its key)."""
        found = {q.id: q.question for paper in self.papers.values() for q in paper.questions}
        return [found[qid] for qid in sorted(found)]


Manifest = Exam  # the exam as read from manifest.json: the same model



def read_manifest(exam_dir: Path) -> tuple[Exam, dict]:
    """Load <exam_dir>/manifest.json; returns the typed manifest and the raw dict (for fix-key)."""
    raw = read_json(exam_dir / MANIFEST)
    return parse_manifest(raw, display_path(exam_dir / MANIFEST)), raw


def read_json(path: Path) -> dict:
    """A manifest file as its JSON object, its format checked; ProblemsFound if it is not one."""
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
    if not isinstance(raw, dict) or raw.get("format") not in READABLE:
        raise _malformed(file, f"试卷清单格式应为 {FORMAT}。")
    return raw


def _malformed(file: str, message: str) -> ProblemsFound:
    return ProblemsFound([Problem(file, 0, message, "不要手工修改 manifest.json；请重新生成试卷。")])


def parse_manifest(raw: Any, file: str) -> Exam:
    """Check the manifest's shape (a READABLE format) and build the typed manifest (from JSON)."""
    def fail(message: str) -> ProblemsFound:
        return _malformed(file, message)

    if not isinstance(raw, dict) or raw.get("format") not in READABLE:
        raise fail(f"试卷清单格式应为 {FORMAT}。")
    try:
        papers = {}
        for paper in raw["papers"]:
            questions = tuple(_question(q) for q in paper["questions"])
            person = paper.get("person")
            papers[str(paper["code"])] = Paper(
                str(paper["code"]), {k: str(v or "") for k, v in person.items()} if person else None, questions)
        return Exam(
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


def to_json(raw: dict) -> str:
    """A manifest as rewritten after a key correction (sorted keys, indent 1)."""
    return json.dumps(raw, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def write_manifest(exam_dir: Path, raw: dict) -> None:
    """Rewrite manifest.json atomically in the contract's layout."""
    atomic_write_bytes(exam_dir / MANIFEST, to_json(raw).encode("utf-8"))


# ---- Answer sheets ----

@dataclass
class Sheet:
    file: str  # path shown in messages
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells as text)
    exam_id: str = ""  # the exam the sheet was written for; "" on sheets made before sheets carried it
    header_row: int = 1  # 2 when row 1 names the exam



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
