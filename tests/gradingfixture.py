"""Tiny exam manifests and filled answer sheets for the grading tests (contract servicebook-exam/1)."""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path

import openpyxl
from openpyxl.packaging.custom import StringProperty

QUESTIONS = [
    {"n": 1, "id": "ten-steps-001", "type": "单选", "points": 10, "source": "ten-steps#第一步聆听",
     "page": "complaints/ten-steps.md", "category": "投诉处理", "difficulty": 1,
     "options": ["先解释", "先聆听", "先记录", "先离开"], "key": "B"},
    {"n": 2, "id": "ten-steps-002", "type": "多选", "points": 10, "source": "ten-steps#第二步致歉",
     "page": "complaints/ten-steps.md", "category": "投诉处理", "difficulty": 2,
     "options": ["致歉", "争辩", "记录", "推诿"], "key": "AC"},
    {"n": 3, "id": "phone-001", "type": "判断", "points": 10, "source": "phone#接听",
     "page": "etiquette/phone.md", "category": "礼仪与话术", "difficulty": 1,
     "options": ["对", "错"], "key": "对"},
    {"n": 4, "id": "phone-002", "type": "填空", "points": 10, "source": "phone#接听",
     "page": "etiquette/phone.md", "category": "礼仪与话术", "difficulty": 2,
     "key": [["3声", "三声"], ["10分钟"]]},
    {"n": 5, "id": "repair-001", "type": "排序", "points": 10, "source": "repair-flow#流程",
     "page": "repairs/repair-flow.md", "category": "维修与工程", "difficulty": 3,
     "items": ["派单", "接报", "回访", "维修"], "key": "BADC"},
    {"n": 6, "id": "case-001", "type": "情景", "points": 5, "source": "ten-steps#案例",
     "page": "complaints/ten-steps.md", "category": "投诉处理", "difficulty": 3, "key": None,
     "rubric": [{"point": "先安抚情绪", "score": 3}, {"point": "记录并承诺时限", "score": 2}]},
]
PEOPLE = [
    {"工号": "E001", "姓名": "张三", "岗位": "客服", "项目": "一期"},
    {"工号": "E002", "姓名": "李四", "岗位": "客服", "项目": "二期"},
    {"工号": "E003", "姓名": "王五", "岗位": "客服", "项目": "二期"},
]
HEADERS = ["工号", "姓名", "试卷编号", "第1题", "第2题", "第3题", "第4题", "第5题", "第6题-要点1", "第6题-要点2"]
PERFECT = ["B", "AC", "对", "三声；10分钟", "BADC", "3", "2"]


def manifest(month: str = "2026-12", role: str = "客服", *, people=PEOPLE, variants: int = 0,
             scoring: dict | None = None, kind: str = "regular") -> dict:
    papers = [{"code": f"P{i:04d}", "person": dict(person), "questions": copy.deepcopy(QUESTIONS)}
              for i, person in enumerate(people, start=1)]
    papers += [{"code": f"V{i:04d}", "person": None, "questions": copy.deepcopy(QUESTIONS)}
               for i in range(1, variants + 1)]
    return {
        "format": "servicebook-exam/1", "exam_id": f"{month}-{role}", "kind": kind, "month": month, "role": role,
        "title": f"{month} {role}月度考试", "seed": 7, "bank_fingerprint": "abc123", "duration_minutes": 60,
        "pass_mark": 33.0, "total_points": 55.0,
        "scoring": scoring or {"多选": "all-or-nothing", "排序": "all-or-nothing"}, "papers": papers,
    }


def write_exam(root: Path, data: dict) -> Path:
    exam_dir = root / "exams" / data["exam_id"]
    exam_dir.mkdir(parents=True, exist_ok=True)
    (exam_dir / "manifest.json").write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1),
                                            encoding="utf-8")
    return exam_dir


def row(staff_no: str, name: str, code: str, answers=PERFECT) -> list[str]:
    return [staff_no, name, code, *answers]


def write_sheet(path: Path, rows: list[list], headers=HEADERS, encoding: str = "utf-8-sig",
                exam: str | None = "2026-12-客服") -> Path:
    """A filled sheet as servicebook writes it: row 1 names `exam` (None: a sheet made before sheets did)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    marker = [[f"考试：{exam}"]] if exam else []
    if path.suffix == ".csv":
        with path.open("w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle)
            writer.writerows(marker)
            writer.writerow(headers)
            writer.writerows(rows)
        return path
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "答题卡"
    if exam:
        book.custom_doc_props.append(StringProperty(name="servicebook-exam", value=exam))
    for values in [*marker, headers, *rows]:
        sheet.append(values)
    book.save(path)
    return path


def read_xlsx(path: Path, title: str | None = None) -> list[list]:
    book = openpyxl.load_workbook(path, read_only=True)
    sheet = book[title] if title else book.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    book.close()
    return rows
