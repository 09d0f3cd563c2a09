"""Commands that produce a month's exam: exam new, exam retake."""

from __future__ import annotations


from pathlib import Path

import click

from servicebook import api
from servicebook.check import Project
from servicebook.cli import main, project_option
from servicebook.errors import ProblemsFound
from servicebook.exam import exposure, signin
from servicebook.exam.contract import Exam
from servicebook.exam.make import RETAKE_SUFFIX, FirstSitting
from servicebook.exam.render.key_html import DEFAULT_SITE_URL
from servicebook.exam.roster import read_roster, split_by_post
from servicebook.paths import display_path
from servicebook.months import MONTH
from servicebook.kb.schema import ROLE_SLUGS



def _month(ctx, param, value):
    if value is not None and not MONTH.match(value):
        raise click.BadParameter(f"月份应写成 YYYY-MM（如 2026-12），实际为 {value!r}。")
    return value


def _server_url(ctx, param, value):
    if value is None:
        return None
    try:
        return signin.check_server_url(value)
    except ProblemsFound as error:
        raise click.BadParameter(f"{error.problems[0].message}{error.problems[0].hint}") from None


def output_options(function):
    for option in reversed([
        click.option("--roster", type=click.Path(dir_okay=False, path_type=Path),
                     help="人员名单（.xlsx，或 Excel/WPS 另存的 .csv），列：工号、姓名、岗位、项目。"),
        click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="输出目录。"),
        click.option("--seed", type=int, help="随机种子；同样的输入和种子生成完全相同的试卷。"),
        click.option("--per-person", "per_person", is_flag=True, help="每人一份试卷（默认）。"),
        click.option("--variants", type=click.IntRange(1, 99), help="生成 K 套不记名试卷（不需要名单）。"),
        click.option("--only-role", "only_role", is_flag=True,
                     help="名单中岗位与本次考试不同的人不出卷（默认照常出卷，并列出这些人）。"),
        click.option("--site-url", default=DEFAULT_SITE_URL, show_default=True, help="答案解析中知识库网站的地址。"),
        click.option("--server-url", "server_url", callback=_server_url,
                     help="手机考试服务器的地址（如 http://10.0.0.5:8000）：登录码单上印出每人的登录二维码。"),
        click.option("--no-pdf", is_flag=True, help="不生成 papers.pdf（没有中文字体时使用）。"),
        click.option("--force", is_flag=True, help="输出目录已存在时覆盖。"),
        project_option,
    ]):
        function = option(function)
    return function


@main.group()
def exam():
    """月度考试：按培训计划和考试蓝图出卷、出补考卷。"""


@exam.command("new")
@click.option("--month", required=True, callback=_month, help="考试月份，如 2026-12。")
@click.option("--role", required=True, type=click.Choice(list(ROLE_SLUGS)), help="岗位。")
@output_options
def new(month, role, roster, out, seed, per_person, variants, only_role, site_url, server_url, no_pdf, force,
        root):
    """按培训计划和岗位蓝图生成一个月的考试：试卷、答案、答题卡、考试清单。

    \b
    示例：
      servicebook exam new --month 2026-12 --role 客服 --roster 名单.xlsx
      servicebook exam new --month 2026-12 --role 客服 --variants 3 --no-pdf
    """
    out = out or root / "exams" / f"{month}-{role}"
    people = _people(roster, per_person, variants, role=role, only_role=only_role)
    _build(Project(root), out, month=month, role=role, first=None, people=people, variants=variants or 0,
           seed=seed, site_url=site_url, server_url=server_url, pdf=not no_pdf, force=force)


@exam.command("retake")
@click.argument("exam_dir", metavar="考试目录", type=click.Path(file_okay=False, path_type=Path))
@output_options
def retake(exam_dir, roster, out, seed, per_person, variants, only_role, site_url, server_url, no_pdf, force,
           root):
    """为一次考试出补考卷：题目与第一次考试完全不同（同一句话出的题也不再出）。

    \b
    示例：
      servicebook exam retake exams/2026-12-客服 --roster 补考名单.xlsx
    """
    try:
        first = api.first_sitting(exam_dir)
    except ProblemsFound as error:
        raise click.ClickException(str(error)) from None
    out = out or exam_dir.parent / f"{first.exam_id}{RETAKE_SUFFIX}"
    people = _people(roster, per_person, variants, role=first.role, only_role=only_role, month=first.month)
    _build(Project(root), out, month=first.month, role=first.role, first=first, people=people,
           variants=variants or 0, seed=seed, site_url=site_url, server_url=server_url, pdf=not no_pdf, force=force)


def _people(roster: Path | None, per_person: bool, variants: int | None, *, role: str, only_role: bool,
            month: str | None = None):
    """The roster's people for this exam; a 补考名单 with a 月份 column gives this month's rows only."""
    if per_person and variants:
        raise click.UsageError("--per-person 和 --variants 只能选一个。")
    if variants:
        if roster is not None:
            raise click.UsageError("--variants 生成不记名试卷，不需要 --roster；按人出卷请去掉 --variants。")
        return []
    if roster is None:
        raise click.UsageError("按人出卷需要 --roster 人员名单；或用 --variants K 生成 K 套不记名试卷。")
    try:
        found = read_roster(roster, month=month)
    except ProblemsFound as error:
        raise click.ClickException(str(error)) from None
    if found.other_months:
        click.echo(f"注意：名单中有 {len(found.other_months)} 行是其他月份的补考，本次不出卷。")
    people, others = split_by_post(found.people, role)
    if others:
        listed = "、".join(f"{p.staff_id} {p.name}（{p.post}）" for p in others)
        if only_role:
            click.echo(f"注意：按 --only-role，名单中 {len(others)} 名岗位不是{role}的人员不出卷：{listed}。")
            if not people:
                raise click.ClickException(f"名单中没有岗位为{role}的人员，没有可出的试卷。请核对名单的“岗位”列。")
            return people
        click.echo(f"注意：名单中有 {len(others)} 人的岗位不是{role}，仍按{role}试卷出卷：{listed}。"
                   f"只给{role}出卷请加 --only-role。")
    return found.people


def _build(project: Project, out: Path, *, month, role, first: FirstSitting | None, people, variants, seed,
           site_url, server_url, pdf, force) -> Exam:
    from servicebook.exam.render.pdf import FontMissing

    progress = lambda total: click.progressbar(length=total, label="正在生成试卷")  # noqa: E731
    options = dict(people=people, variants=variants, seed=seed, site_url=site_url, pdf=pdf, force=force,
                   progress=progress, server_url=server_url)
    try:
        if first is None:
            made = api.new_exam(project.root, out, month=month, role=role, **options)
        else:
            made = api.retake(project.root, first, out, **options)
    except (ProblemsFound, FontMissing) as error:
        raise click.ClickException(str(error)) from None
    exam = made.exam
    name = "补考" if first is not None else "考试"
    click.echo(f"已生成 {month} {role}{name}：{len(exam.papers)} 份试卷，共 {len(made.written)} 个文件，"
               f"输出到 {display_path(out)}。")
    click.echo(f"登录码单：{display_path(out / signin.SHEET_FILE)}（打印 {display_path(out / signin.PAGE_FILE)}，"
               f"沿虚线剪开发给每人；登录码只发给本人）。")
    if made.makeup_gaps:
        click.echo("注意：按现在的题库，这次考试之后出不了补考卷（exam retake 会失败）：\n"
                   + "\n".join(f"  {p.message}" for p in made.makeup_gaps)
                   + "\n  补充题目或在蓝图中声明较小的 retake 补考卷，见 CONTRIBUTING.md 第五节。")
    if exam.reused:
        click.echo(f"注意：题库中可用的新题不够，有 {len(exam.reused)} 道题在近 {exposure.WINDOW_MONTHS} 个月的"
                   f"{role}考试中用过，本次重复使用。")
    return exam
