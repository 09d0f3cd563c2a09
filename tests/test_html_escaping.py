"""Roster and answer-sheet text is shown as text in every HTML output: papers, key, and all reports."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from test_exam_cli import manifest, project, run  # noqa: F401 - the tiny exam project fixture

NAME = "<img src=x onerror=alert(1)>"
PROJECT = '"&<script>alert(2)</script>'
STAFF_NO = "1001'\""
ANSWER = "<iframe onload=alert(3)>三声</iframe>"
HOSTILE = (NAME, PROJECT, STAFF_NO, ANSWER)


class Markup(HTMLParser):
    """The tags and event-handler attributes a browser would see, and the visible text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.handlers: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.handlers += [(tag, name) for name, _ in attrs if name.startswith("on")]

    def handle_data(self, data):
        self.text.append(data)


def assert_shown_as_text(path: Path, *expected: str) -> None:
    markup = Markup(path.read_text(encoding="utf-8"))
    assert not markup.tags & {"img", "script", "iframe"}, path
    assert markup.handlers == [], path
    text = "".join(markup.text)
    for value in expected:
        assert value in text, (path, value)


@pytest.fixture
def hostile(project):  # noqa: F811 - the fixture imported above
    (project / "roster.csv").write_text(
        f'工号,姓名,岗位,项目\n"{STAFF_NO.replace(chr(34), chr(34) * 2)}",{NAME},客服,"{PROJECT.replace(chr(34), chr(34) * 2)}"\n'
        "1002,李四,客服,二期\n", encoding="utf-8")
    result = run("exam", "new", "--month", "2027-01", "--role", "客服", "--roster", "roster.csv", "--no-pdf")
    assert result.exit_code == 0, result.output
    exam = project / "exams" / "2027-01-客服"
    types = {p["code"]: [q["type"] for q in p["questions"]] for p in manifest(exam)["papers"]}
    book = openpyxl.load_workbook(exam / "answer-sheet.xlsx")
    sheet = book["答题卡"]
    header = [c.value for c in sheet[2]]
    for row in sheet.iter_rows(min_row=3):
        code = row[header.index("试卷编号")].value
        for n, qtype in enumerate(types[code], start=1):
            if f"第{n}题" in header:  # 填空 is free text: the sheet's own hostile text goes there
                row[header.index(f"第{n}题")].value = {"单选": "B", "判断": "对", "排序": "ABCD"}.get(qtype, ANSWER)
    book.save(project / "filled.xlsx")
    result = run("grade", "exams/2027-01-客服", "filled.xlsx")
    assert result.exit_code == 0, result.output
    return project


def test_papers_and_key_show_hostile_roster_text_as_text(hostile):
    exam = hostile / "exams" / "2027-01-客服"
    papers = sorted((exam / "papers").glob("*.html"))
    assert len(papers) == 2
    assert_shown_as_text(papers[0], NAME, PROJECT, STAFF_NO)
    assert_shown_as_text(exam / "answer-key.html", NAME)


@pytest.mark.parametrize(("args", "report", "expected"), [
    (("exam", "exams/2027-01-客服"), "exam-2027-01-客服.html", (PROJECT,)),
    (("quarter", "2027Q1"), "quarter-2027Q1.html", (NAME, PROJECT, STAFF_NO)),
    (("person", STAFF_NO), "person-1001'_.html", (NAME, PROJECT, STAFF_NO)),
])
def test_reports_show_hostile_roster_and_sheet_text_as_text(hostile, args, report, expected):
    result = run("report", *args)
    assert result.exit_code == 0, result.output
    assert_shown_as_text(hostile / "build" / "reports" / report, *expected)
