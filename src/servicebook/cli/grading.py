"""Commands for grading: grade a filled answer sheet, correct a key, gradebook backup/check, reports."""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import click

from servicebook.exam import contract
from servicebook import api
from servicebook.cli import main, optional_project_option
from servicebook.cli.exam import exam as exam_group
from servicebook.errors import ProblemsFound, format_problems
from servicebook.exam.render.key_html import DEFAULT_SITE_URL
from servicebook.grading import gradebook as gradebook_module
from servicebook.grading import reports, scoring
from servicebook.grading.gradebook import Gradebook, GradebookError
from servicebook.grading.oplog import NothingToUndo
from servicebook.grading.scoring import KeyFixError
from servicebook.grading.staff import StaffOutcome
from servicebook.paths import display_path
from servicebook.kb.schema import ROLES

PROGRESS_THRESHOLD = 2000  # rows; smaller sheets grade without a progress bar

def db_option(function):
    return click.option(
        "--db", "db_path", metavar="文件或地址", default=None, callback=_db_location,
        help="成绩库：SQLite 文件（默认 data/gradebook.sqlite），或 PostgreSQL 地址 "
             "postgresql://用户名:密码@服务器:端口/数据库名；也可用环境变量 SERVICEBOOK_DB。",
    )(function)


def _db_location(ctx, param, value: str | None) -> Path | str | None:
    try:
        return None if value is None else gradebook_module.location(value)
    except GradebookError as error:
        raise click.BadParameter(str(error)) from None


def db_location(db_path: Path | str | None) -> Path | str:
    """--db as given, else SERVICEBOOK_DB, else data/gradebook.sqlite (grading.gradebook.location)."""
    try:
        return gradebook_module.location(db_path)
    except GradebookError as error:
        raise click.ClickException(str(error)) from None


def open_gradebook(db_path: Path | str | None, *, create: bool = True) -> Gradebook:
    try:
        return Gradebook(db_location(db_path), create=create)
    except GradebookError as error:
        raise click.ClickException(str(error)) from error


def user_errors(function):
    """The domain errors of grading become Chinese messages and exit 1 (a damaged gradebook among them)."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except ProblemsFound as error:
            raise click.ClickException(str(error)) from error
        except (GradebookError, KeyFixError, NothingToUndo) as error:
            raise click.ClickException(str(error)) from error
    return wrapper


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
@click.option("--allow-blank", is_flag=True, help="答案格几乎全空时也导入（默认当作误选了空白答题卡而拒绝）。")
@click.option("--blank-is-zero", is_flag=True, help="整行未作答的人按 0 分计，而不是记为缺考。")
@click.option("--roster", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="先把这份名单导入员工名单（同 servicebook staff import），再阅卷。")
@click.option("--marking", "marking_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="情景评分表（默认：答题卡旁的 scenario-marking.xlsx，其次是考试目录中的）。")
@db_option
@user_errors
def grade(exam_dir: Path, sheet_path: Path, skip_bad_rows: bool, allow_blank: bool, blank_is_zero: bool,
          roster: Path | None, marking_path: Path | None, db_path: Path | None):
    """评分并把成绩导入成绩库：答题卡（.xlsx 或 .csv）对照考试目录中的 manifest.json。

    \b
    示例：
      servicebook grade exams/2026-12-客服/ answer-sheet.xlsx
      servicebook grade exams/2026-12-客服/ 答题卡.csv --skip-bad-rows
      servicebook grade exams/2026-12-客服/ 答题卡.xlsx --roster 名单.xlsx
      servicebook grade exams/2026-12-客服/ 答题卡.xlsx --marking 情景评分.xlsx

    情景题在考试目录的 scenario-marking.xlsx 中评分（每人每道情景题一行，每个评分要点一格），
    与答题卡一起导入。

    答题卡上每个人的成绩设为答题卡所写的内容：内容相同的重复导入不做任何修改，导入较早的答题卡会恢复较早的成绩；
    整行未作答的人记为缺考。任何一行有问题时默认不导入任何成绩，并逐行列出问题。每次导入都可用
    servicebook db undo 撤销。
    """
    api.check_grade_outputs(sheet_path)  # a roster is imported first: refuse before it
    with open_gradebook(db_path) as book:
        if roster is not None:
            click.echo(staff_summary(api.import_staff(book, roster)))
        try:
            graded = api.grade_sheet(book, exam_dir, sheet_path, skip_bad_rows=skip_bad_rows, allow_blank=allow_blank,
                                     blank_is_zero=blank_is_zero, marking_path=marking_path, track=_with_progress)
        except api.RowsRejected as error:
            raise click.ClickException(_problem_list(error.problems) + "\n未导入任何成绩。改正后重新导入，"
                                       "或加 --skip-bad-rows 先导入无误的行。") from error
    result = graded.result
    for warning in result.grading.warnings:
        click.echo(f"警告：{warning}", err=True)
    if graded.rejects_file is not None:
        click.echo(_problem_list(result.grading.problems), err=True)
        click.echo(f"已跳过 {len(result.grading.rejected)} 行有问题的答卷，已写入 {display_path(graded.rejects_file)}。",
                   err=True)
    click.echo(_summary(result))
    click.echo(f"成绩明细：{display_path(graded.results_file)}")


def _problem_list(problems, limit: int = 50) -> str:
    """Every problem for a normal sheet; for a badly broken one the first `limit` and a count."""
    if len(problems) <= limit:
        return format_problems(problems)
    shown = "\n".join(str(p) for p in sorted(problems)[:limit])
    return f"{shown}\n……其余 {len(problems) - limit} 个问题未列出。\n共发现 {len(problems)} 个错误。"


def _with_progress(sheet):
    if len(sheet.rows) < PROGRESS_THRESHOLD:
        return sheet

    def rows():
        with click.progressbar(sheet.rows, label="正在评分") as bar:
            yield from bar
    return dataclasses.replace(sheet, rows=rows())


def _summary(result) -> str:
    manifest, outcome, sat, absent = result.manifest, result.outcome, result.sat, result.absent
    missing = f"，缺考 {len(absent)} 人" if absent else ""
    lines = [f"{manifest.title}：已评分 {len(sat)} 人{missing}（新增 {outcome.added}，更新 {outcome.replaced}），"
             f"平均分 {result.mean:.1f}（满分 {manifest.total_points:g}），"
             f"及格率 {result.pass_rate * 100:.1f}%（及格线 {manifest.pass_mark:g} 分）。"]
    if absent:
        lines.append("缺考（整行未作答，不计入平均分和及格率，列入补考名单）："
                     + "、".join(f"{a.name or '（无姓名）'}（{a.staff_no}）" for a in absent)
                     + "。如应按 0 分计，加 --blank-is-zero 重新导入。")
    if outcome.op_id is None:
        lines.append("答题卡内容与成绩库中已有的成绩完全相同，未做任何修改。")
    elif outcome.changes:
        shown = "，".join(f"{c.name or c.staff_no}（{c.staff_no}）{c.before} → {c.after}" for c in outcome.changes[:5])
        more = f"……共 {len(outcome.changes)} 人" if len(outcome.changes) > 5 else ""
        lines.append(f"其中 {len(outcome.changes)} 人的成绩已改为本答题卡的内容：{shown}{more}。"
                     f"撤销本次导入：servicebook db undo。")
    lowest = scoring.lowest_questions(manifest, sat, 3)
    if lowest:
        labels = _labels(manifest)
        lines.append("得分率最低的题目：" + "，".join(f"{labels.get(qid, qid)}（{share * 100:.0f}%）"
                                                   for qid, share in lowest) + "。")
    return "\n".join(lines)


def _labels(manifest) -> dict[str, str]:
    return {q.id: q.label for paper in manifest.papers.values() for q in paper.questions}


# ---- servicebook exam fix-key ----

@exam_group.command("fix-key")
@click.argument("exam_dir", metavar="考试目录", type=click.Path(file_okay=False, path_type=Path))
@click.argument("question_id", metavar="题目编号")
@click.argument("answer", metavar="[正确答案]", required=False)
@click.option("--option", "options", multiple=True, metavar="选项文字",
              help="用选项文字给出正确答案（单选、多选；多选题写多次）。")
@click.option("--paper", default=None, help="答案字母所依据的试卷编号（默认：含该题的第一份试卷）。")
@click.option("--site-url", default=DEFAULT_SITE_URL, show_default=True, help="重新生成的答案解析中知识库网站的地址。")
@optional_project_option
@db_option
@user_errors
def fix_key(exam_dir: Path, question_id: str, answer: str | None, options: tuple[str, ...], paper: str | None,
            site_url: str, root: Path, db_path: Path | None):
    """更正一道题的标准答案：改写试卷清单和答案文件（answer-key.html、moodle.xml、gift.txt），
    重新计算成绩库中已导入的作答，并记入操作记录（可用 servicebook db undo 撤销）。

    \b
    示例：
      servicebook exam fix-key exams/2026-12-客服/ ten-steps-003 C --paper P0001
      servicebook exam fix-key exams/2026-12-客服/ ten-steps-003 --option 先聆听
      servicebook exam fix-key exams/2026-12-客服/ phone-002 "3声|三声；10分钟"
    """
    if answer and options:
        raise click.UsageError("正确答案和 --option 只能给一个。")
    with open_gradebook(db_path) as book:
        result = api.fix_key(book, root, exam_dir, question_id, answer, options=options, paper=paper,
                             site_url=site_url)
    if result.op_id is None and not result.repaired:
        click.echo(f"题目 {question_id} 的答案已经是 {result.new_key}，未做任何修改。")
    elif result.repaired:
        click.echo(f"成绩库中已有这次更正；已补写试卷清单和答案文件：题目 {question_id} 的答案为 {result.new_key}。")
    else:
        click.echo(f"已把题目 {question_id} 的答案由 {result.old_key} 改为 {result.new_key}；重新评分 {result.rescored} "
                   f"份作答，{result.changed} 人的成绩有变化（操作记录第 {result.op_id} 号，可用 servicebook db undo 撤销）。")
    click.echo("各试卷上的答案：" + _paper_keys(result.paper_keys))


def _paper_keys(keys: dict[str, str], limit: int = 8) -> str:
    """Papers grouped by their key: "C（先记录）：P0001、P0003 等 12 份；A（先记录）：P0002"."""
    groups: dict[str, list[str]] = {}
    for code, key in sorted(keys.items()):
        groups.setdefault(key, []).append(code)
    return "；".join(f"{key}：{'、'.join(codes[:limit])}" + (f" 等 {len(codes)} 份" if len(codes) > limit else "")
                    for key, codes in groups.items()) + "。"


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


def _reported(make) -> None:
    try:
        html_path, xlsx_path = make()
    except reports.ReportError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"已生成报告：{display_path(html_path)}、{display_path(xlsx_path)}")


@report.command("exam")
@click.argument("exam_dir", metavar="考试目录", type=click.Path(file_okay=False, path_type=Path))
@report_options
@user_errors
def report_exam(exam_dir: Path, root: Path, db_path, out_dir, site_url):
    """一次考试的报告：分数分布、及格率、各项目对比、题目分析（得分率、区分度、错选项）、按试卷计算的信度、知识点掌握。"""
    manifest, _ = load(contract.read_manifest, exam_dir)
    with open_gradebook(db_path, create=False) as book:
        _reported(lambda: api.exam_report(book, root, manifest, out_dir=out_dir, site_url=site_url))


@report.command("quarter")
@click.argument("quarter", metavar="季度")
@click.option("--role", type=click.Choice(ROLES[1:]), default=None, help="只看一个岗位。")
@click.option("--project", "project_name", default=None, help="只看一个项目。")
@report_options
@user_errors
def report_quarter(quarter: str, role, project_name, root: Path, db_path, out_dir, site_url):
    """季度报告（如 2026Q4）：每人各月得分、平均分、缺考、是否合格，补考名单，各项目、各岗位逐月对比和月度趋势。"""
    with open_gradebook(db_path, create=False) as book:
        _reported(lambda: api.quarter_report(book, root, quarter, role=role, project=project_name, out_dir=out_dir))


@report.command("person")
@click.argument("staff_no", metavar="工号")
@report_options
@user_errors
def report_person(staff_no: str, root: Path, db_path, out_dir, site_url):
    """个人报告：历次考试成绩，以及答错题目所在、需要复习的页面（附网站链接）。"""
    with open_gradebook(db_path, create=False) as book:
        _reported(lambda: api.person_report(book, root, staff_no, out_dir=out_dir, site_url=site_url))


def staff_summary(outcome: StaffOutcome) -> str:
    if outcome.op_id is None:
        return "员工名单无变化。"
    text = f"员工名单：新增 {outcome.added} 人，更新 {outcome.updated} 人"
    if outcome.left:
        text += f"，标记离职 {len(outcome.left)} 人（{'、'.join(outcome.left[:10])}{' 等' if len(outcome.left) > 10 else ''}）"
    if outcome.returned:
        text += f"，重新在职 {len(outcome.returned)} 人（{'、'.join(outcome.returned[:10])}）"
    return text + "。"
