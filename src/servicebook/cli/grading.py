"""Commands for grading: grade a filled answer sheet, correct a key, gradebook backup/check, reports."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
from pathlib import Path

import click

from servicebook.bank.loader import load_bank
from servicebook.check import Project
from servicebook.cli import main, optional_project_option
from servicebook.errors import ProblemsFound, format_problems
from servicebook.grading import gradebook as gradebook_module
from servicebook.grading import reports, scoring, sheets
from servicebook.grading.gradebook import Gradebook, GradebookError
from servicebook.grading.reports import exam as exam_report
from servicebook.grading.reports import person as person_report
from servicebook.grading.reports import quarter as quarter_report
from servicebook.kb.pages import display_path
from servicebook.kb.schema import ROLES

PROGRESS_THRESHOLD = 2000  # rows; smaller sheets grade without a progress bar

# The `exam` group belongs to cli/exam.py; fall back to our own group until that module exists.
if importlib.util.find_spec("servicebook.cli.exam") is not None:
    from servicebook.cli.exam import exam as exam_group
else:
    exam_group = main.get_command(None, "exam")
    if exam_group is None:
        @main.group(name="exam")
        def exam_group():
            """考试：出卷、更正答案。"""


def db_option(function):
    return click.option(
        "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help="成绩库文件（默认 data/gradebook.sqlite，或环境变量 SERVICEBOOK_DB）。",
    )(function)


def open_gradebook(db_path: Path | None, *, create: bool = True) -> Gradebook:
    try:
        return Gradebook(db_path or gradebook_module.default_path(), create=create)
    except GradebookError as error:
        raise click.ClickException(str(error)) from error


def load(function, *args):
    """Run a loader; turn its Problems into a Chinese error and exit 1."""
    try:
        return function(*args)
    except ProblemsFound as error:
        raise click.ClickException(str(error)) from error


# ---- servicebook grade ----

@main.command()
@click.argument("exam_dir", metavar="考试目录", type=click.Path(file_okay=False, path_type=Path))
@click.argument("sheet_path", metavar="答题卡", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--skip-bad-rows", is_flag=True,
              help="只导入无误的行；有问题的行写入“<答题卡名>-待修正”文件，改正后再导入。")
@db_option
def grade(exam_dir: Path, sheet_path: Path, skip_bad_rows: bool, db_path: Path | None):
    """评分并把成绩导入成绩库：答题卡（.xlsx 或 .csv）对照考试目录中的 manifest.json。

    \b
    示例：
      servicebook grade exams/2026-12-客服/ answer-sheet.xlsx
      servicebook grade exams/2026-12-客服/ 答题卡.csv --skip-bad-rows

    任何一行有问题时默认不导入任何成绩，并逐行列出问题；同一答题卡重复导入不会改变成绩库。
    """
    manifest, _ = load(sheets.read_manifest, exam_dir)
    sheet = load(sheets.read_sheet, sheet_path)
    with open_gradebook(db_path) as book:
        grading = _grade_with_progress(manifest, sheet, book.staff() or None)
        if grading.problems and (not skip_bad_rows or not grading.attempts or any(p.line == 1 for p in
                                                                                   grading.problems)):
            raise click.ClickException(_problem_list(grading.problems) + "\n未导入任何成绩。改正后重新导入，"
                                       "或加 --skip-bad-rows 先导入无误的行。")
        for warning in grading.warnings:
            click.echo(f"警告：{warning}", err=True)
        digest = hashlib.sha256(sheet_path.read_bytes()).hexdigest()
        outcome = book.import_attempts(manifest, display_path(exam_dir), sheet.file, digest, len(sheet.rows),
                                       grading.attempts)
    if outcome.already_imported:
        click.echo("该答题卡已导入过，未做任何修改。")
        return
    if grading.rejected:
        rejects = sheet_path.with_name(f"{sheet_path.stem}-待修正{'.csv' if sheet_path.suffix.lower() == '.csv' else '.xlsx'}")
        sheets.write_table(rejects, "答题卡", sheet.headers + ["问题"],
                           ([*cells, problem] for _, cells, problem in grading.rejected), exam_id=sheet.exam_id)
        click.echo(_problem_list(grading.problems), err=True)
        click.echo(f"已跳过 {len(grading.rejected)} 行有问题的答卷，已写入 {display_path(rejects)}。", err=True)
    results = sheet_path.with_name("results.xlsx")
    _write_results(results, manifest, grading.attempts)
    click.echo(_summary(manifest, grading.attempts, outcome))
    click.echo(f"成绩明细：{display_path(results)}")


def _problem_list(problems, limit: int = 50) -> str:
    """Every problem for a normal sheet; for a badly broken one the first `limit` and a count."""
    if len(problems) <= limit:
        return format_problems(problems)
    shown = "\n".join(str(p) for p in sorted(problems)[:limit])
    return f"{shown}\n……其余 {len(problems) - limit} 个问题未列出。\n共发现 {len(problems)} 个错误。"


def _grade_with_progress(manifest, sheet, staff):
    if len(sheet.rows) < PROGRESS_THRESHOLD:
        return scoring.grade_sheet(manifest, sheet, staff)
    with click.progressbar(sheet.rows, label="正在评分") as rows:
        return scoring.grade_sheet(manifest, dataclasses.replace(sheet, rows=rows), staff)


def _summary(manifest, attempts, outcome) -> str:
    count = len(attempts)
    mean = sum(a.total for a in attempts) / count if count else 0.0
    passed = sum(1 for a in attempts if a.total >= manifest.pass_mark - 1e-9)
    lines = [f"{manifest.title}：已评分 {count} 人（新增 {outcome.added}，更新 {outcome.replaced}），"
             f"平均分 {mean:.1f}（满分 {manifest.total_points:g}），"
             f"及格率 {passed / count * 100 if count else 0:.1f}%（及格线 {manifest.pass_mark:g} 分）。"]
    if outcome.changed:
        lines.append(f"其中 {outcome.changed} 人的成绩与上次导入不同，已记录变更。")
    lowest = scoring.lowest_questions(manifest, attempts, 3)
    if lowest:
        labels = _labels(manifest)
        lines.append("得分率最低的题目：" + "，".join(f"{labels.get(qid, qid)}（{share * 100:.0f}%）"
                                                   for qid, share in lowest) + "。")
    return "\n".join(lines)


def _labels(manifest) -> dict[str, str]:
    return {q.id: q.label for paper in manifest.papers.values() for q in paper.questions}


def _write_results(path: Path, manifest, attempts) -> None:
    headers = ["工号", "姓名", "岗位", "项目", "试卷编号", "得分", "满分", "是否及格"]
    rows = ([a.staff_no, a.name, a.post, a.project, a.paper, a.total, manifest.papers[a.paper].total_points,
             "及格" if a.total >= manifest.pass_mark - 1e-9 else "不及格"] for a in attempts)
    lowest = scoring.lowest_questions(manifest, attempts, count=10**6)
    stems = {q.id: q.stem for paper in manifest.papers.values() for q in paper.questions}
    sheets.write_workbook(path, [("成绩", headers, rows),
                                 ("题目得分率", ["题目编号", "题目", "得分率"],
                                  ([q, stems.get(q, ""), round(s, 4)] for q, s in lowest))])


# ---- servicebook exam fix-key ----

@exam_group.command("fix-key")
@click.argument("exam_dir", metavar="考试目录", type=click.Path(file_okay=False, path_type=Path))
@click.argument("question_id", metavar="题目编号")
@click.argument("answer", metavar="正确答案")
@click.option("--paper", default=None, help="答案字母所依据的试卷编号（默认：含该题的第一份试卷）。")
@db_option
def fix_key(exam_dir: Path, question_id: str, answer: str, paper: str | None, db_path: Path | None):
    """更正一道题的标准答案，并重新计算成绩库中所有已导入的作答，保留新旧分数的审计记录。

    \b
    示例：
      servicebook exam fix-key exams/2026-12-客服/ ten-steps-003 C
      servicebook exam fix-key exams/2026-12-客服/ phone-002 "3声|三声；10分钟"
    """
    _, raw = load(sheets.read_manifest, exam_dir)
    try:
        new_raw, old_key, new_key = scoring.corrected_manifest(raw, question_id, answer, paper)
    except scoring.KeyFixError as error:
        raise click.ClickException(str(error)) from error
    manifest = sheets.parse_manifest(new_raw, display_path(exam_dir / "manifest.json"))
    by_paper = {code: next((q for q in p.questions if q.id == question_id), None) for code, p in manifest.papers.items()}
    changed = answers = 0
    with open_gradebook(db_path) as book:
        if book.query("SELECT 1 FROM exams WHERE exam_id = ?", (manifest.exam_id,)):
            def new_points(code: str, text: str) -> float:
                question = by_paper.get(code)
                if question is None:
                    return 0.0
                return scoring.score_answer(question, text, scoring.policy_for(manifest, question.type)).points
            answers, changed = book.rescore(manifest.exam_id, question_id, old_key, new_key, new_points,
                                            manifest.pass_mark)
        sheets.write_manifest(exam_dir, new_raw)
    click.echo(f"已把题目 {question_id} 的答案由 {old_key} 改为 {new_key}；重新评分 {answers} 份作答，"
               f"{changed} 人的成绩有变化（已记录审计）。")


# ---- servicebook db ----

@main.group()
def db():
    """成绩库：备份、完整性检查。"""


@db.command()
@click.argument("target", metavar="备份文件", type=click.Path(dir_okay=False, path_type=Path))
@db_option
def backup(target: Path, db_path: Path | None):
    """在线备份成绩库到 TARGET（其他命令运行时也能得到一致的副本）。"""
    with open_gradebook(db_path, create=False) as book:
        book.backup(target)
    click.echo(f"已备份成绩库到 {display_path(target)}。")


@db.command("check")
@db_option
def check_db(db_path: Path | None):
    """检查成绩库文件是否完好（完整性、外键）。"""
    with open_gradebook(db_path, create=False) as book:
        problems = book.check()
    if problems:
        raise click.ClickException("成绩库检查未通过：\n" + "\n".join(problems) + "\n请用最近的备份恢复。")
    click.echo("成绩库检查通过：完整性和外键均无问题。")


# ---- servicebook report ----

@main.group()
def report():
    """培训报告（离线可打开的 HTML 和 Excel）：考试、季度、个人。默认写入 build/reports/。"""


def report_options(function):
    function = optional_project_option(function)
    function = db_option(function)
    function = click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                            help="报告目录（默认 <根目录>/build/reports）。")(function)
    return click.option("--site-url", default=None,
                        help="知识库网站地址；不填时链接到本机构建的 site/ 目录。")(function)


def _write(root: Path, out_dir: Path | None, stem: str, builder, *args) -> None:
    out_dir = out_dir or root / reports.DEFAULT_DIR
    try:
        reports.check_out_dir(root, out_dir)
        html, tables = builder(*args)
        html_path, xlsx_path = reports.write_report(out_dir, stem, html, tables)
    except reports.ReportError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"已生成报告：{display_path(html_path)}、{display_path(xlsx_path)}")


def _links(root: Path, out_dir: Path | None, site_url: str | None) -> reports.Links:
    bank_dir = Project(root).bank_dir
    bank = load_bank(bank_dir) if bank_dir.is_dir() else None
    files = {q.id: (str(Path(q.file).resolve()), q.line) for q in bank.questions} if bank else {}
    return reports.make_links(root, out_dir or root / reports.DEFAULT_DIR, site_url, files)


@report.command("exam")
@click.argument("exam_dir", metavar="考试目录", type=click.Path(file_okay=False, path_type=Path))
@report_options
def report_exam(exam_dir: Path, root: Path, db_path, out_dir, site_url):
    """一次考试的报告：分数分布、及格率、各项目对比、题目分析（难度、区分度、错选项、KR-20）、知识点掌握。"""
    manifest, _ = load(sheets.read_manifest, exam_dir)
    with open_gradebook(db_path, create=False) as book:
        _write(root, out_dir, f"exam-{manifest.exam_id}", exam_report.build, book, manifest,
               _links(root, out_dir, site_url))


@report.command("quarter")
@click.argument("quarter", metavar="季度")
@click.option("--role", type=click.Choice(ROLES[1:]), default=None, help="只看一个岗位。")
@click.option("--project", "project_name", default=None, help="只看一个项目。")
@report_options
def report_quarter(quarter: str, role, project_name, root: Path, db_path, out_dir, site_url):
    """季度报告（如 2026Q4）：每人各月得分、平均分、缺考、是否合格，以及补考名单。"""
    stem = "-".join(filter(None, ["quarter", quarter.upper(), role, project_name]))
    with open_gradebook(db_path, create=False) as book:
        _write(root, out_dir, stem, quarter_report.build, book, quarter.upper(), role, project_name)


@report.command("person")
@click.argument("staff_no", metavar="工号")
@report_options
def report_person(staff_no: str, root: Path, db_path, out_dir, site_url):
    """个人报告：历次考试成绩，以及答错题目所在、需要复习的页面（附网站链接）。"""
    with open_gradebook(db_path, create=False) as book:
        _write(root, out_dir, f"person-{staff_no}", person_report.build, book, staff_no,
               _links(root, out_dir, site_url))
