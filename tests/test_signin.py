"""The sign-in sheet `exam new` and `exam retake` write for exams taken on phones (issue 13)."""

from __future__ import annotations

import itertools
import re
import shutil

import openpyxl
import pytest
import zxingcpp
from PIL import Image
from test_exam_cli import project, run  # noqa: F401 - the tiny project fixture

from servicebook import api
from servicebook.errors import ProblemsFound
from servicebook.exam import signin
from servicebook.exam.roster import load_roster
from servicebook.kb.private_files import private_files

EXAM = "exams/2027-01-客服"


def new(*extra, out=None):
    args = ["exam", "new", "--month", "2027-01", "--role", "客服", "--no-pdf", *extra]
    if "--variants" not in extra:
        args += ["--roster", "roster.csv"]
    if out:
        args += ["--out", out]
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


def codes(exam_dir):
    return {e.paper_code: e.code for e in signin.read_signin(exam_dir)}


def decode_svg(svg: str) -> str:
    """Draw the QR code of an inline SVG made by segno (a path of horizontal runs) and decode it."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    image = Image.new("L", (size, size), 255)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s+(-?[\d.]+))?", re.search(r' d="([^"]+)"', svg).group(1)):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x + float(a))):
                image.putpixel((column, int(y)), 0)
            x += float(a)
    found = zxingcpp.read_barcodes(image.resize((size * 8, size * 8), Image.NEAREST))
    assert len(found) == 1, "no QR code decoded"
    return found[0].text


def test_each_person_gets_a_random_eight_digit_code_read_back_with_their_details(project):
    result = new()
    assert "登录码单：exams/2027-01-客服/signin.xlsx" in result.output
    entries = signin.read_signin(project / EXAM)
    assert [(e.staff_no, e.name, e.project, e.paper_code, e.row) for e in entries] == [
        ("1001", "张三", "一期", "P0001", 3), ("1002", "李四", "二期", "P0002", 4)]
    assert all(re.fullmatch(r"[1-9]\d{7}", e.code) for e in entries)
    assert len({e.code for e in entries}) == 2
    assert api.read_signin is signin.read_signin  # the exam server's door


def test_two_exams_get_different_codes_even_with_the_same_seed(project):
    new("--seed", "5", out="one")
    new("--seed", "5", out="two")
    one, two = codes(project / "one"), codes(project / "two")
    assert one.keys() == two.keys() == {"P0001", "P0002"}
    assert not set(one.values()) & set(two.values())


def test_codes_stay_unique_when_the_random_source_repeats_itself(project):
    people = load_roster(project / "roster.csv")
    made = api.new_exam(project, project / "x", month="2027-01", role="客服", people=people, pdf=False)
    draws = iter([7, 7, 7, 8])
    entries = signin.issue(made.exam, draw=lambda n: next(draws))
    assert [e.code for e in entries] == ["10000007", "10000008"]


def test_variant_papers_get_one_code_per_paper_and_no_staff_number(project):
    new("--variants", "3", "--server-url", "http://10.0.0.5:8000")
    entries = signin.read_signin(project / EXAM)
    assert [(e.staff_no, e.name, e.paper_code) for e in entries] == [(None, "", f"P000{n}") for n in (1, 2, 3)]
    assert len({e.code for e in entries}) == 3
    page = (project / EXAM / "signin.html").read_text(encoding="utf-8")
    assert [decode_svg(svg) for svg in re.findall(r"<svg.*?</svg>", page)] == ["http://10.0.0.5:8000/signin"] * 3


def test_a_retake_is_an_exam_with_its_own_sheet_and_codes(project):
    new()
    result = run("exam", "retake", EXAM, "--roster", "roster.csv", "--no-pdf")
    assert result.exit_code == 0, result.output
    first, again = signin.read_signin(project / EXAM), signin.read_signin(project / f"{EXAM}-补考")
    assert [e.staff_no for e in again] == ["1001", "1002"]
    assert not {e.code for e in first} & {e.code for e in again}
    book = openpyxl.load_workbook(project / f"{EXAM}-补考" / "signin.xlsx")
    assert book["登录码"]["A1"].value == "考试：2027-01-客服-补考"


def test_qr_code_on_each_slip_opens_the_servers_sign_in_page_with_the_staff_number(project):
    new("--server-url", "http://10.0.0.5:8000/kaoshi/")
    page = (project / EXAM / "signin.html").read_text(encoding="utf-8")
    slips = re.findall(r'<div class="slip" data-paper="(P\d+)">(<svg.*?</svg>)', page)
    assert [(paper, decode_svg(svg)) for paper, svg in slips] == [
        ("P0001", "http://10.0.0.5:8000/kaoshi/signin?staff=1001"),
        ("P0002", "http://10.0.0.5:8000/kaoshi/signin?staff=1002")]
    for entry in signin.read_signin(project / EXAM):
        assert f"<dd class=\"code\">{entry.code}</dd>" in page
    sheet = openpyxl.load_workbook(project / EXAM / "signin.xlsx")["登录码"]
    assert [c.value for c in sheet[2]] == ["工号", "姓名", "项目", "试卷编号", "登录码", "登录地址"]
    assert sheet["F3"].value == "http://10.0.0.5:8000/kaoshi/signin?staff=1001"


def test_without_a_server_address_slips_say_where_to_get_it(project):
    new()
    page = (project / EXAM / "signin.html").read_text(encoding="utf-8")
    assert "<svg" not in page
    assert page.count("考试网址请向培训负责人索取") == 2
    assert openpyxl.load_workbook(project / EXAM / "signin.xlsx")["登录码"]["F3"].value is None


@pytest.mark.parametrize("url", ["10.0.0.5:8000", "ftp://10.0.0.5", "http://", "http://10.0.0.5:99999",
                                 "http://a b", "http://10.0.0.5/?x=1"])
def test_a_bad_server_address_is_refused_before_anything_is_written(project, url):
    result = run("exam", "new", "--month", "2027-01", "--role", "客服", "--roster", "roster.csv", "--no-pdf",
                 "--server-url", url)
    assert result.exit_code == 2
    assert f"考试服务器地址 {url!r} 无效。写成 http://主机[:端口][/路径]" in result.output
    assert "Traceback" not in result.output
    assert not (project / "exams").exists()


def edit(path, cell, value):
    book = openpyxl.load_workbook(path)
    book["登录码"][cell] = value
    book.save(path)


@pytest.mark.parametrize("cell, value, message", [
    ("E4", "12ab", "signin.xlsx:4: 登录码 12ab 不是 8 位数字。"),
    ("E4", None, "signin.xlsx:4: 登录码 （空） 不是 8 位数字。"),
    ("D4", "P0001", "signin.xlsx:4: 试卷编号 P0001 与第 3 行重复。"),
    ("D4", "P0009", "signin.xlsx:4: 试卷编号 P0009 不在本次考试中。"),
    ("A3", "1009", "signin.xlsx:3: 试卷 P0001 的工号应为 1001，表中为 1009。"),
    ("A1", "考试：2026-12-客服", "signin.xlsx:1: 登录码表属于考试 2026-12-客服，不是本目录的考试 2027-01-客服。"),
    ("E2", "密码", "signin.xlsx:2: 表头缺少列：登录码。"),
])
def test_an_edited_or_damaged_sheet_names_the_file_and_row(project, cell, value, message):
    new()
    path = project / EXAM / "signin.xlsx"
    edit(path, cell, value)
    with pytest.raises(ProblemsFound) as caught:
        signin.read_signin(project / EXAM)
    assert message in str(caught.value)
    assert "修改方法：登录码表不要手工修改" in str(caught.value)


def test_a_duplicated_code_and_a_missing_or_broken_sheet_are_reported(project):
    new()
    path = project / EXAM / "signin.xlsx"
    first = signin.read_signin(project / EXAM)[0].code
    edit(path, "E4", first)
    with pytest.raises(ProblemsFound, match=f"signin.xlsx:4: 登录码 {first} 与第 3 行重复"):
        signin.read_signin(project / EXAM)
    path.write_bytes(b"not a zip")
    with pytest.raises(ProblemsFound, match="signin.xlsx: 登录码表不是有效的 Excel 文件"):
        signin.read_signin(project / EXAM)
    path.unlink()
    with pytest.raises(ProblemsFound, match="signin.xlsx: 找不到考试登录码表"):
        signin.read_signin(project / EXAM)


def test_sign_in_sheets_are_never_published(project):
    new("--server-url", "http://10.0.0.5:8000")
    docs = project / "docs"
    shutil.copy(project / EXAM / "signin.xlsx", docs / "signin.xlsx")
    shutil.copy(project / EXAM / "signin.html", docs / "slips.html")  # renamed: known by its content
    found = {p.path: p.message for p in private_files(docs)}
    assert found == {"docs/signin.xlsx": "网站页面目录中有考试登录码表，发布网站会把其中的答案、员工姓名或成绩公开。",
                     "docs/slips.html": "网站页面目录中有考试登录码单，发布网站会把其中的答案、员工姓名或成绩公开。"}
    result = run("exam", "new", "--month", "2027-01", "--role", "客服", "--roster", "roster.csv", "--no-pdf",
                 "--out", "docs/exam")
    assert result.exit_code == 1
    assert not (docs / "exam").exists()


def test_codes_are_spread_over_all_eight_digit_numbers():
    """secrets is the source: a thousand draws never repeat a pattern a person could guess."""
    from servicebook.exam.contract import Exam, Paper

    papers = {f"P{n:04d}": Paper(f"P{n:04d}", None, ()) for n in range(1, 1001)}
    exam = Exam("x", "regular", "2027-01", "客服", "t", 0, "", 60, 60, 100, {}, papers)
    found = [e.code for e in signin.issue(exam)]
    assert len(set(found)) == 1000
    assert len({c[0] for c in found}) == 9 and len({c[-1] for c in found}) == 10
    assert not any(b == str(int(a) + 1) for a, b in itertools.pairwise(found))
