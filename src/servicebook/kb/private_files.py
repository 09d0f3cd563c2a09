"""Exam and grading files that must never be published: found anywhere under docs/.

`servicebook check` and the MkDocs plugin refuse a docs/ holding any of them (mkdocs copies
every file of docs_dir into the site). Recognised by name, and by content where a renamed copy
is still what it was: a gradebook by SQLite's header, a manifest by its format, an answer sheet (or a
sign-in sheet) by the exam id it carries, a paper or a sign-in page by its meta tag.
"""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

from servicebook.errors import Problem
from servicebook.exam import contract, signin
from servicebook.paths import display_path
from servicebook.tables import EXAM_PROPERTY, marked_exam

# File names the exam and grading commands write.
BY_NAME = {
    "answer-key.html": "答案解析",
    "answer-sheet.xlsx": "答题卡",
    "answer-sheet.csv": "答题卡",
    "scenario-marking.xlsx": "情景题评分表",
    "results.xlsx": "成绩明细",
    "moodle.xml": "考试题目导出（含答案）",
    "gift.txt": "考试题目导出（含答案）",
    "papers.pdf": "试卷",
    signin.SHEET_FILE: "考试登录码表",
    signin.PAGE_FILE: "考试登录码单",
    "server-secret.key": "考试服务器密钥（server/secret.py：登录码摘要的密钥）",
}
SQLITE_HEADER = b"SQLite format 3\x00"
EXAM_FORMAT = contract.FORMAT_PREFIX.encode()
PAPER_META = b'<meta name="servicebook-exam"'
SIGNIN_META = signin.PAGE_META.encode()


def private_files(docs: Path) -> list[Problem]:
    """One problem per exam or grading file under `docs`, naming it and what it is."""
    problems = []
    for path in sorted(p for p in docs.rglob("*") if p.is_file() and p.suffix.lower() != ".md"):
        kind = what_is(path)
        if kind:
            problems.append(Problem(
                display_path(path), 0, f"网站页面目录中有{kind}，发布网站会把其中的答案、员工姓名或成绩公开。",
                "把它移出网站目录（考试目录默认在 exams/，成绩库在 data/，报告在 build/reports/），再重新生成网站。"))
    return problems


def what_is(path: Path) -> str:
    """What exam or grading file `path` is, or "" for an ordinary site file."""
    name = path.name.lower()
    if name in BY_NAME or name.endswith(("-待修正.xlsx", "-待修正.csv")):
        return BY_NAME.get(name, "有问题的答卷")
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return ""
    suffix = path.suffix.lower()
    if head.startswith(SQLITE_HEADER):
        return "成绩库（SQLite 文件）"
    if suffix == ".json" and EXAM_FORMAT in head and _is_manifest(path):
        return "考试清单（含答案）"
    if suffix in (".html", ".htm") and PAPER_META in head:
        return "试卷"
    if suffix in (".html", ".htm") and SIGNIN_META in head:
        return "考试登录码单"
    if suffix == ".csv" and _csv_carries_exam(head):
        return "答题卡"
    if suffix in (".xlsx", ".xlsm") and _xlsx_carries_exam(path):
        return "答题卡"
    return ""


def _is_manifest(path: Path) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and str(data.get("format", "")).startswith(EXAM_FORMAT.decode())


def _csv_carries_exam(head: bytes) -> bool:
    first = head.decode("utf-8", errors="ignore").lstrip("\ufeff").splitlines()[:1]
    return bool(first) and bool(marked_exam(next(csv.reader(first), [])))


def _xlsx_carries_exam(path: Path) -> bool:
    """Answer sheets carry their exam id as a custom document property (servicebook.tables)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "docProps/custom.xml" in archive.namelist() and \
                EXAM_PROPERTY.encode() in archive.read("docProps/custom.xml")
    except (zipfile.BadZipFile, OSError, KeyError):
        return False
