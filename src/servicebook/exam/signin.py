"""Sign-in codes for exams taken on a phone (issue 13): who may sign in to which paper, with which code.

`exam new` and `exam retake` issue one random code per paper (so one per person for named papers,
one per anonymous variant paper) and write them to `signin.xlsx` and the printable `signin.html`
(render/signin.py). The exam server reads them back with `read_signin`. Both files are as private
as the answer sheet: whoever holds a code can sit that person's exam.

Codes are 8 digits (typed on a phone's numeric keypad), drawn from `secrets`, unique within the
exam, never starting with 0 (a sheet edited in Excel keeps them as typed even if the cell becomes
a number).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from servicebook.errors import Problem, ProblemsFound
from servicebook.exam import contract
from servicebook.exam.contract import Exam
from servicebook.paths import display_path
from servicebook.tables import marked_exam, read_table

SHEET_FILE = "signin.xlsx"
PAGE_FILE = "signin.html"
PAGE_META = '<meta name="servicebook-signin"'  # how kb/private_files.py knows a renamed copy
SHEET_NAME = "登录码"
COLUMNS = ("工号", "姓名", "项目", "试卷编号", "登录码", "登录地址")
CODE_DIGITS = 8
CODE = re.compile(rf"[1-9][0-9]{{{CODE_DIGITS - 1}}}")
SIGNIN_PATH = "/signin"  # the exam server's sign-in page (server/exam_pages.py); `?staff=<工号>` fills in the 工号
FIRST_ROW = 3  # row 1 names the exam, row 2 is the header


@dataclass(frozen=True)
class SigninEntry:
    """One paper's sign-in: the person it is for (None on an anonymous variant paper) and its code."""

    staff_no: str | None  # 工号
    name: str  # 姓名 ("" on a variant paper)
    project: str  # 项目 ("" on a variant paper)
    paper_code: str  # 试卷编号, e.g. P0001
    code: str  # 登录码, 8 digits
    row: int = 0  # row in signin.xlsx when read back (0 when issued)


# ---- Issuing ----

def issue(exam: Exam, draw: Callable[[int], int] = secrets.randbelow) -> list[SigninEntry]:
    """A fresh random code for every paper of `exam`, unique within it. `draw(n)` returns a random
    integer below n (secrets.randbelow; a test may pass another)."""
    lowest = 10 ** (CODE_DIGITS - 1)
    used: set[str] = set()
    entries = []
    for paper in exam.papers.values():
        code = str(lowest + draw(9 * lowest))
        while code in used:
            code = str(lowest + draw(9 * lowest))
        used.add(code)
        person = paper.person
        entries.append(SigninEntry(person.get("工号") if person else None, person.get("姓名", "") if person else "",
                                   person.get("项目", "") if person else "", paper.code, code))
    return entries


# ---- The server's address ----

_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$")


def check_server_url(url: str) -> str:
    """`url` (http(s)://host[:port][/path]) without a trailing slash; ProblemsFound otherwise."""
    hint = "写成 http://主机[:端口][/路径]，如 http://10.0.0.5:8000 或 https://exam.example.cn/kaoshi。"
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        parts, port = None, None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname
            or not _HOST.match(parts.hostname) or parts.username is not None or parts.query or parts.fragment
            or (port is not None and not 0 < port < 65536)):
        raise ProblemsFound([Problem("--server-url", 0, f"考试服务器地址 {url!r} 无效。", hint)])
    return url.strip().rstrip("/")


def signin_url(server_url: str, entry: SigninEntry) -> str:
    """The address a slip's QR code opens: the sign-in page, with the 工号 filled in for a named paper."""
    base = server_url.rstrip("/") + SIGNIN_PATH
    return f"{base}?staff={quote(entry.staff_no, safe='')}" if entry.staff_no else base


# ---- Reading back ----

def read_signin(exam_dir: Path) -> list[SigninEntry]:
    """The sign-in sheet of the exam in `exam_dir`, checked: it belongs to this exam, every row names
    one of its papers once, and every code is 8 digits and used once. Raises ProblemsFound naming
    the file and row of every problem."""
    path = exam_dir / SHEET_FILE
    file = display_path(path)
    if not path.is_file():
        raise ProblemsFound([Problem(file, 0, "找不到考试登录码表。",
                                     "登录码表由 exam new / exam retake 生成；请确认考试目录是否正确。")])
    manifest, _ = contract.read_manifest(exam_dir)
    rows = read_table(path, sheet=SHEET_NAME, what="登录码表").rows
    problems = _check_head(file, rows, manifest.exam_id)
    if problems:
        raise ProblemsFound(problems)
    header = [c.strip() for c in rows[1]]
    at = {name: header.index(name) for name in COLUMNS[:5]}
    entries: list[SigninEntry] = []
    seen: dict[str, dict[str, int]] = {"试卷编号": {}, "登录码": {}, "工号": {}}
    for number, row in enumerate(rows[FIRST_ROW - 1:], start=FIRST_ROW):
        cell = {name: (row[i].strip() if i < len(row) else "") for name, i in at.items()}
        if not any(cell.values()):
            continue
        found = _check_row(file, number, cell, manifest, seen)
        if found:
            problems += found
            continue
        entries.append(SigninEntry(cell["工号"] or None, cell["姓名"], cell["项目"], cell["试卷编号"],
                                   cell["登录码"], number))
    if not problems and not entries:
        problems.append(Problem(file, FIRST_ROW, "登录码表中没有任何试卷。", _REISSUE))
    if problems:
        raise ProblemsFound(problems, heading="考试登录码表有误，考试不能开放：")
    return entries


_REISSUE = "登录码表不要手工修改；损坏时用 exam new --force（或 exam retake --force）重新出卷并重新打印登录码。"


def _check_head(file: str, rows: list[list[str]], exam_id: str) -> list[Problem]:
    marked = marked_exam(rows[0]) if rows else ""
    if marked != exam_id:
        what = f"属于考试 {marked}" if marked else "第 1 行没有写明所属考试"
        return [Problem(file, 1, f"登录码表{what}，不是本目录的考试 {exam_id}。", _REISSUE)]
    header = [c.strip() for c in rows[1]] if len(rows) > 1 else []
    missing = [c for c in COLUMNS[:5] if c not in header]
    if missing:
        return [Problem(file, 2, f"表头缺少列：{'、'.join(missing)}。", _REISSUE)]
    return []


def _check_row(file: str, number: int, cell: dict[str, str], manifest: contract.Manifest,
               seen: dict[str, dict[str, int]]) -> list[Problem]:
    problems = []
    paper = manifest.papers.get(cell["试卷编号"])
    if paper is None:
        problems.append(Problem(file, number, f"试卷编号 {cell['试卷编号'] or '（空）'} 不在本次考试中。", _REISSUE))
    elif (paper.person or {}).get("工号", "") != cell["工号"]:
        expected = (paper.person or {}).get("工号") or "（空，不记名试卷）"
        problems.append(Problem(file, number, f"试卷 {cell['试卷编号']} 的工号应为 {expected}，"
                                              f"表中为 {cell['工号'] or '（空）'}。", _REISSUE))
    if not CODE.fullmatch(cell["登录码"]):
        problems.append(Problem(file, number, f"登录码 {cell['登录码'] or '（空）'} 不是 {CODE_DIGITS} 位数字。",
                                _REISSUE))
    for column in ("试卷编号", "登录码", "工号"):
        value = cell[column]
        if value and value in seen[column]:
            problems.append(Problem(file, number, f"{column} {value} 与第 {seen[column][value]} 行重复。", _REISSUE))
        elif value:
            seen[column][value] = number
    return problems
