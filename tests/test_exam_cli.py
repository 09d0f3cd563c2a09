"""`servicebook exam new` and `servicebook exam retake` on a tiny throwaway project."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from servicebook.cli import main
from servicebook.exam.render import pdf as pdf_module

PAGE = """---
title: {title}
id: {id}
category: 理念与体系
roles: [客服]
sources: [哈密波尔多小镇物业管理培训报告]
version: "1.0"
effective: 2026-01-01
review_by: 2027-12-01
---

## 要点

{title}的内容。
"""
BLUEPRINT = """role: 客服
title: 客服月考
duration_minutes: 60
pass_mark: 20
review_share: 0.25
difficulty_mix: {1: 0.5, 2: 0.5, 3: 0}
include_red_lines: true
scoring: {多选: all-or-nothing, 排序: partial}
sections:
  - {type: 单选, count: 3, points: 2}
  - {type: 判断, count: 2, points: 2}
  - {type: 填空, count: 1, points: 2}
  - {type: 排序, count: 1, points: 4}
  - {type: 情景, count: 1, points: 10}
"""
SLOTS = ("12月", "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月")


def questions_yaml(page: str) -> str:
    lines = [f"page: {page}", "questions:"]

    def add(n: int, qtype: str, body: str, points: int = 2) -> None:
        lines.append(f"  - {{id: {page}-{n:03d}, type: {qtype}, {body}, explanation: 解析{n}, "
                     f"source: '{page}#要点', roles: [客服], difficulty: {1 + n % 2}, points: {points}}}")

    n = 0
    for _ in range(6):
        n += 1
        add(n, "单选", f"stem: '{page} 单选{n}', options: [甲, 乙, 丙, 丁], answer: B")
    for _ in range(4):
        n += 1
        add(n, "判断", f"stem: '{page} 判断{n}', answer: 对")
    for _ in range(2):
        n += 1
        add(n, "填空", f"stem: '{page} 填空{n} ___ 内', answer: ['3声|三声']")
    for _ in range(2):
        n += 1
        add(n, "排序", f"stem: '{page} 排序{n}', items: [一, 二, 三, 四]", 4)
    for _ in range(2):
        n += 1
        add(n, "情景", f"stem: '{page} 情景{n}', rubric: [{{point: 安抚, score: 6}}, {{point: 记录, score: 4}}]", 10)
    return "\n".join(lines) + "\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path
    (root / "includes").mkdir()
    (root / "includes" / "sources.yml").write_text("- title: 哈密波尔多小镇物业管理培训报告\n  note: x\n", encoding="utf-8")
    for page, title in (("page-a", "甲页"), ("page-b", "乙页")):
        (root / "docs" / "philosophy").mkdir(parents=True, exist_ok=True)
        (root / "docs" / "philosophy" / f"{page}.md").write_text(PAGE.format(title=title, id=page), encoding="utf-8")
        (root / "quizzes" / "bank" / "philosophy").mkdir(parents=True, exist_ok=True)
        (root / "quizzes" / "bank" / "philosophy" / f"{page}.yml").write_text(questions_yaml(page), encoding="utf-8")
    plan = ["start: 2026-12", "roles:", "  客服:"]
    plan += [f"    {slot}: [{'page-b' if slot == '1月' else 'page-a'}]" for slot in SLOTS]
    (root / "quizzes" / "plan.yml").write_text("\n".join(plan) + "\n", encoding="utf-8")
    (root / "quizzes" / "blueprints").mkdir()
    (root / "quizzes" / "blueprints" / "kefu.yml").write_text(BLUEPRINT, encoding="utf-8")
    (root / "roster.csv").write_text("工号,姓名,岗位,项目\n1001,张三,客服,一期\n1002,李四,客服,二期\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def new(*extra, month="2027-01"):
    return run("exam", "new", "--month", month, "--role", "客服", "--roster", "roster.csv", "--no-pdf", *extra)


def manifest(path):
    return json.loads((Path(path) / "manifest.json").read_text(encoding="utf-8"))


def used_ids(data):
    return {q["id"] for paper in data["papers"] for q in paper["questions"]}


def test_exam_new_writes_papers_key_sheet_manifest_and_moodle_files(project):
    result = new()
    assert result.exit_code == 0, result.output
    assert "已生成 2027-01 客服考试：2 份试卷，共 10 个文件，输出到 exams/2027-01-客服。" in result.output
    out = project / "exams" / "2027-01-客服"
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "answer-key.html", "answer-sheet.xlsx", "gift.txt", "manifest.json", "moodle.xml",
        "papers/P0001-张三.html", "papers/P0002-李四.html", "scenario-marking.xlsx", "signin.html", "signin.xlsx"]
    data = manifest(out)
    assert (data["exam_id"], data["kind"], data["total_points"], data["pass_mark"]) == ("2027-01-客服", "regular", 26.0, 20.0)
    assert data["papers"][0]["person"] == {"工号": "1001", "姓名": "张三", "岗位": "客服", "项目": "一期"}
    assert [q["type"] for q in data["papers"][0]["questions"]] == ["单选"] * 3 + ["判断"] * 2 + ["填空", "排序", "情景"]
    pages = [q["page"] for q in data["papers"][0]["questions"][:3]]
    assert sorted(pages) == ["philosophy/page-a.md", "philosophy/page-b.md", "philosophy/page-b.md"]  # 1 of 3 review
    assert not list(project.glob("exams/.*"))  # no temp dir left behind


def test_same_seed_gives_byte_identical_exam_directory_except_the_sign_in_codes(project):
    assert new("--seed", "5", "--out", "one").exit_code == 0
    assert new("--seed", "5", "--out", "two").exit_code == 0
    one = {p.relative_to(project / "one"): p.read_bytes() for p in (project / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(project / "two"): p.read_bytes() for p in (project / "two").rglob("*") if p.is_file()}
    signin = {Path("signin.xlsx"), Path("signin.html")}
    assert {k: v for k, v in one.items() if k not in signin} == {k: v for k, v in two.items() if k not in signin}
    assert all(one[name] != two[name] for name in signin)  # codes are random, never derived from the seed
    assert new("--seed", "6", "--out", "three").exit_code == 0
    assert (project / "three" / "manifest.json").read_bytes() != one[Path("manifest.json")]


def test_variants_make_anonymous_papers(project):
    result = run("exam", "new", "--month", "2027-01", "--role", "客服", "--variants", "2", "--no-pdf")
    assert result.exit_code == 0, result.output
    data = manifest(project / "exams" / "2027-01-客服")
    assert [(p["code"], p["person"]) for p in data["papers"]] == [("P0001", None), ("P0002", None)]
    assert (project / "exams" / "2027-01-客服" / "papers" / "P0002-变体2.html").is_file()


def test_month_without_plan_fails_and_writes_nothing(project):
    result = new(month="2026-11")
    assert result.exit_code == 1
    assert result.output == (
        "错误：quizzes/plan.yml: 2026-11 客服：培训计划中没有这个月份。\n"
        "    修改方法：培训计划从 2026-12 开始；检查月份是否写错，或在 quizzes/plan.yml 中补上这个月的页面。\n"
        "共发现 1 个错误。\n")
    assert not (project / "exams").exists()


def test_roster_problem_fails_and_writes_nothing(project):
    (project / "roster.csv").write_text("工号,姓名,岗位,项目\n1001,张三,客服,一期\n1001,李四,客服,二期\n", encoding="utf-8")
    result = new()
    assert result.exit_code == 1
    assert "roster.csv:3: 工号 1001 重复：第 2 行和第 3 行。" in result.output
    assert not (project / "exams").exists()


def test_blueprint_the_bank_cannot_satisfy_names_what_is_missing(project):
    path = project / "quizzes" / "blueprints" / "kefu.yml"
    path.write_text(BLUEPRINT.replace("{type: 情景, count: 1", "{type: 情景, count: 5"), encoding="utf-8")
    result = new()
    assert result.exit_code == 1
    assert result.output == (
        "错误：quizzes/blueprints/kefu.yml: 情景题需要 5 道，题库中可用于 2027-01 客服考试的只有 4 道"
        "（本月页面 2 道，往月复习页面 2 道），还缺 1 道。\n"
        "    修改方法：为本月页面（page-b）补充 use 为 exam 或 both 的情景题，或把蓝图中情景题的 count 减少到 4。\n"
        "共发现 1 个错误。\n")
    assert not (project / "exams").exists()


def test_questions_of_the_last_three_months_are_not_drawn_while_the_pool_allows(project):
    previous = project / "exams" / "2026-12-客服"
    previous.mkdir(parents=True)
    seen = [{"id": f"page-b-00{n}"} for n in (1, 2)]
    (previous / "manifest.json").write_text(json.dumps(
        {"format": "servicebook-exam/1", "role": "客服", "month": "2026-12", "exam_id": "2026-12-客服",
         "papers": [{"code": "P0001", "questions": seen}]}), encoding="utf-8")
    result = new()
    assert result.exit_code == 0, result.output
    assert "注意" not in result.output
    assert not used_ids(manifest(project / "exams" / "2027-01-客服")) & {"page-b-001", "page-b-002"}


def test_reuse_is_reported_when_the_pool_is_too_small(project):
    previous = project / "exams" / "2026-11-old"
    previous.mkdir(parents=True)
    everything = [{"id": f"page-{p}-{n:03d}"} for p in "ab" for n in range(1, 17)]
    (previous / "manifest.json").write_text(json.dumps(
        {"format": "servicebook-exam/1", "role": "客服", "month": "2026-12", "papers": [{"questions": everything}]}),
        encoding="utf-8")
    result = new()
    assert result.exit_code == 0, result.output
    reused = len(used_ids(manifest(project / "exams" / "2027-01-客服")))
    assert f"注意：题库中可用的新题不够，有 {reused} 道题在近 3 个月的客服考试中用过，本次重复使用。" in result.output


def test_manifests_of_other_roles_or_older_months_do_not_count(project):
    for name, role, month in (("a", "安保", "2026-12"), ("b", "客服", "2026-09")):
        (project / "exams" / name).mkdir(parents=True)
        (project / "exams" / name / "manifest.json").write_text(json.dumps(
            {"format": "servicebook-exam/1", "role": role, "month": month,
             "papers": [{"questions": [{"id": f"page-b-{n:03d}"} for n in range(1, 17)]}]}), encoding="utf-8")
    result = new()
    assert result.exit_code == 0 and "注意" not in result.output


def test_retake_papers_share_no_question_with_the_first_sitting(project):
    assert new().exit_code == 0
    result = run("exam", "retake", "exams/2027-01-客服", "--roster", "roster.csv", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "已生成 2027-01 客服补考：2 份试卷" in result.output
    first, retake = manifest(project / "exams" / "2027-01-客服"), manifest(project / "exams" / "2027-01-客服-补考")
    assert (retake["kind"], retake["exam_id"], retake["title"]) == ("retake", "2027-01-客服-补考", "客服月考（补考）")
    assert not used_ids(first) & used_ids(retake)
    for name in ("answer-sheet.xlsx", "scenario-marking.xlsx"):  # named for the make-up, not the first sitting
        book = openpyxl.load_workbook(project / "exams" / "2027-01-客服-补考" / name)
        assert book.active["A1"].value == "考试：2027-01-客服-补考"
    wrong = run("grade", "exams/2027-01-客服-补考", "exams/2027-01-客服/answer-sheet.xlsx")
    assert wrong.exit_code == 1
    assert "这张答题卡属于考试 2027-01-客服，不是要导入的考试 2027-01-客服-补考。" in wrong.output


def test_existing_output_is_kept_unless_forced(project):
    assert new().exit_code == 0
    result = new()
    assert result.exit_code == 1
    assert result.output == ("错误：exams/2027-01-客服: 输出目录已存在，试卷可能已经发出。\n"
                             "    修改方法：换一个 --out 目录；确认要重新出卷时加 --force 覆盖。\n共发现 1 个错误。\n")
    assert new("--force", "--seed", "9").exit_code == 0
    assert manifest(project / "exams" / "2027-01-客服")["seed"] == 9


def test_missing_cjk_font_fails_with_install_hint(project, monkeypatch):
    monkeypatch.setattr(pdf_module, "cjk_font_available", lambda: False)
    result = run("exam", "new", "--month", "2027-01", "--role", "客服", "--roster", "roster.csv")
    assert result.exit_code == 1
    assert result.output == (
        "错误：没有找到中文字体，无法生成 PDF 试卷（打印出来会是方框）。请安装中文字体后重试：Debian/Ubuntu 运行 "
        "sudo apt-get install fonts-noto-cjk；或加上 --no-pdf 只生成 HTML 试卷。\n")
    assert not (project / "exams").exists()


def test_pdf_of_all_papers_is_written_in_one_file(project):
    result = run("exam", "new", "--month", "2027-01", "--role", "客服", "--roster", "roster.csv")
    assert result.exit_code == 0, result.output
    data = (project / "exams" / "2027-01-客服" / "papers.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_per_person_and_variants_cannot_be_combined(project):
    result = run("exam", "new", "--month", "2027-01", "--role", "客服", "--per-person", "--variants", "2")
    assert result.exit_code == 2
    assert "--per-person 和 --variants 只能选一个。" in result.output


def test_month_must_be_written_as_year_and_month(project):
    result = run("exam", "new", "--month", "2027-1", "--role", "客服", "--roster", "roster.csv")
    assert result.exit_code == 2
    assert "月份应写成 YYYY-MM（如 2026-12），实际为 '2027-1'。" in result.output


def test_broken_bank_fails_before_anything_is_written(project):
    bank = project / "quizzes" / "bank" / "philosophy" / "page-a.yml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("answer: 对", "answer: 也许", 1), encoding="utf-8")
    result = new()
    assert result.exit_code == 1
    assert result.output.startswith("错误：题库检查未通过，不能出卷：\n")
    assert "page-a.yml:" in result.output and "判断题答案应为 对 或 错，实际为 '也许'。" in result.output
    assert not (project / "exams").exists()


def test_people_of_another_post_are_listed_and_still_get_a_paper_unless_only_role(project):
    (project / "roster.csv").write_text("工号,姓名,岗位,项目\n1001,张三,客服,一期\n1003,王五,安保,一期\n",
                                        encoding="utf-8")
    result = new()
    assert result.exit_code == 0, result.output
    assert "注意：名单中有 1 人的岗位不是客服，仍按客服试卷出卷：1003 王五（安保）。只给客服出卷请加 --only-role。" in result.output
    assert [p["person"]["工号"] for p in manifest(project / "exams" / "2027-01-客服")["papers"]] == ["1001", "1003"]
    result = new("--only-role", "--force")
    assert "按 --only-role，名单中 1 名岗位不是客服的人员不出卷：1003 王五（安保）。" in result.output
    assert [p["person"]["工号"] for p in manifest(project / "exams" / "2027-01-客服")["papers"]] == ["1001"]


def test_quarter_retake_list_is_a_roster_for_that_months_make_up(project):
    from openpyxl import Workbook

    assert new().exit_code == 0
    book = Workbook()
    book.active.title = "个人成绩"
    book.active.append(["工号", "姓名", "岗位", "项目", "结果"])
    retakes = book.create_sheet("补考名单")  # as `servicebook report quarter` writes it
    for row in (["工号", "姓名", "岗位", "项目", "月份", "原因"], ["1001", "张三", "客服", "一期", "2026-12", "缺考"],
                ["1002", "李四", "客服", "二期", "2027-01", "不及格（40 分，及格线 60 分）"]):
        retakes.append(row)
    book.save(project / "quarter.xlsx")
    result = run("exam", "retake", "exams/2027-01-客服", "--roster", "quarter.xlsx", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "注意：名单中有 1 行是其他月份的补考，本次不出卷。" in result.output
    assert [p["person"]["姓名"] for p in manifest(project / "exams" / "2027-01-客服-补考")["papers"]] == ["李四"]


def test_exam_into_the_sites_docs_is_refused_and_nothing_is_written(project):
    result = new("--out", "docs/leak")
    assert result.exit_code == 1
    assert result.output.startswith("错误：docs/leak: 考试目录不能写入网站页面目录 docs/：其中的答案、员工姓名或成绩会随网站公开。")
    assert not (project / "docs" / "leak").exists() and not list((project / "docs").glob(".*"))


def test_every_writer_refuses_the_docs_dir_and_site_dir_named_in_mkdocs_yml(project, monkeypatch):
    monkeypatch.delenv("SERVICEBOOK_DB", raising=False)
    (project / "mkdocs.yml").write_text("site_name: x\ndocs_dir: docs\nsite_dir: public\n", encoding="utf-8")
    assert new().exit_code == 0
    result = run("exam", "retake", "exams/2027-01-客服", "--roster", "roster.csv", "--no-pdf", "--out", "public/补考")
    assert result.exit_code == 1 and "考试目录不能写入生成的网站目录 public/" in result.output
    # grade writes results.xlsx beside the sheet: a sheet kept in docs/ is refused before any import.
    (project / "docs" / "sheet.xlsx").write_bytes((project / "exams/2027-01-客服/answer-sheet.xlsx").read_bytes())
    result = run("grade", "exams/2027-01-客服", "docs/sheet.xlsx")
    assert result.exit_code == 1 and "成绩明细不能写入网站页面目录 docs/" in result.output
    assert not (project / "data").exists() and not (project / "docs" / "results.xlsx").exists()
    (project / "sheet.xlsx").write_bytes((project / "exams/2027-01-客服/answer-sheet.xlsx").read_bytes())
    run("grade", "exams/2027-01-客服", "sheet.xlsx", "--allow-blank")
    result = run("db", "backup", "public/备份.sqlite")
    assert result.exit_code == 1 and "成绩库备份不能写入生成的网站目录 public/" in result.output
    result = run("report", "exam", "exams/2027-01-客服", "--out", "docs/报告")
    assert result.exit_code == 1 and "报告不能写入网站页面目录 docs/" in result.output
    assert not (project / "public").exists() and not (project / "docs" / "报告").exists()
    result = run("grade", "exams/2027-01-客服", "sheet.xlsx", "--allow-blank", "--db", "docs/成绩.sqlite")
    assert result.exit_code == 1 and "成绩库不能写入网站页面目录 docs/" in result.output
    result = run("bank", "review", "--out", "docs/审题表.xlsx")
    assert result.exit_code == 1 and "审题表不能写入网站页面目录 docs/" in result.output
    result = run("bank", "stats", "--html", "public/题库.html")
    assert result.exit_code == 1 and "题库统计不能写入生成的网站目录 public/" in result.output
    assert sorted(p.name for p in (project / "docs").rglob("*") if p.is_file() and p.suffix != ".md") == ["sheet.xlsx"]
    assert not (project / "public").exists()


def test_exam_new_warns_when_the_bank_leaves_no_make_up_and_retake_fails_the_same_way(project):
    path = project / "quizzes" / "blueprints" / "kefu.yml"
    path.write_text(BLUEPRINT.replace("{type: 情景, count: 1", "{type: 情景, count: 3"), encoding="utf-8")
    result = new()
    assert result.exit_code == 0, result.output
    gap = "情景题需要 3 道，题库中可用于 2027-01 客服补考的只有 1 道"
    assert "注意：按现在的题库，这次考试之后出不了补考卷（exam retake 会失败）：" in result.output and gap in result.output
    result = run("exam", "retake", "exams/2027-01-客服", "--roster", "roster.csv", "--no-pdf")
    assert result.exit_code == 1 and gap in result.output


def test_library_api_makes_the_same_exam_as_the_cli_and_raises_problems(project):
    from servicebook import api
    from servicebook.errors import ProblemsFound
    from servicebook.exam.roster import read_roster

    assert new("--seed", "5", "--out", "cli").exit_code == 0
    people = read_roster(project / "roster.csv").people
    made = api.new_exam(project, project / "lib", month="2027-01", role="客服", people=people, seed=5, pdf=False)
    assert (project / "lib" / "manifest.json").read_bytes() == (project / "cli" / "manifest.json").read_bytes()
    assert len(made.exam.papers) == 2 and "manifest.json" in made.written
    with pytest.raises(ProblemsFound, match="培训计划中没有这个月份"):
        api.new_exam(project, project / "early", month="2026-10", role="客服", people=people, pdf=False)
    retake = api.retake(project, api.first_sitting(project / "lib"), project / "lib-retake", people=people,
                        seed=5, pdf=False)
    assert not used_ids(manifest(project / "lib")) & used_ids(manifest(project / "lib-retake"))
    assert retake.exam.kind == "retake"
