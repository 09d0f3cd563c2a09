"""Commands that keep the gradebook: db backup/check/restore/log/undo and the staff register."""

from __future__ import annotations

from pathlib import Path

import click

from servicebook.cli import main, optional_project_option
from servicebook.cli.grading import db_location, db_option, open_gradebook, staff_summary, user_errors
from servicebook.exam.render.key_html import DEFAULT_SITE_URL
from servicebook.grading import gradebook as gradebook_module
from servicebook.grading import keyfiles, oplog
from servicebook import api
from servicebook.paths import display_path


@main.group()
def db():
    """成绩库：备份、恢复、完整性检查、操作记录与撤销。"""


@db.command()
@click.argument("target", metavar="[备份文件]", required=False, type=click.Path(dir_okay=False, path_type=Path))
@db_option
@user_errors
def backup(target: Path | None, db_path: Path | str | None):
    """在线备份成绩库（其他命令运行时也能得到一致的副本）。

    不写备份文件名时存到成绩库旁的 backups/ 目录（默认 data/backups/），文件名带日期和时间。
    PostgreSQL 成绩库用 pg_dump 备份（.dump 文件，默认存到 data/backups/）。
    """
    with open_gradebook(db_path, create=False) as book:
        written = book.backup(target)
    click.echo(f"已备份成绩库到 {display_path(written)}。")


@db.command("check")
@db_option
@user_errors
def check_db(db_path: Path | str | None):
    """检查成绩库是否完好（SQLite：完整性、外键；PostgreSQL：约束、索引；两者：表结构版本和各表齐全）。"""
    with open_gradebook(db_path, create=False) as book:
        problems = book.check()
        path, where = book.path, book.where
    if problems and path is not None:
        raise click.ClickException("成绩库检查未通过：\n" + "\n".join(problems) + "\n"
                                   + gradebook_module.damage_message(path, "完整性检查未通过"))
    if problems:
        raise click.ClickException(f"成绩库 {where} 检查未通过：\n" + "\n".join(problems) + "\n"
                                   "请把以上内容交给系统维护人员；需要时用 servicebook db restore 从备份恢复。")
    if path is not None:
        click.echo("成绩库检查通过：完整性和外键均无问题。")
    else:
        click.echo(f"成绩库 {where} 检查通过：表结构版本和各表齐全，外键约束和索引均有效。")


@db.command()
@click.argument("backup_file", metavar="备份文件", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True,
              help="（PostgreSQL）数据库中已有内容时，先用 pg_dump 备份现有内容，再清空并恢复。")
@db_option
@user_errors
def restore(backup_file: Path, replace: bool, db_path: Path | str | None):
    """用备份替换成绩库（成绩库损坏时使用）；原文件改名保留，不会删除。

    PostgreSQL 成绩库用 pg_restore 把 .dump 备份恢复到数据库中（一个事务，失败时不做改动）：
    数据库应是空的（新建的）；已有内容时加 --replace，现有内容先备份到 data/backups/。
    """
    location = db_location(db_path)
    kept = gradebook_module.restore(location, backup_file, replace=replace)
    target = gradebook_module.describe(location)
    if isinstance(location, Path):
        click.echo(f"已用 {display_path(backup_file)} 恢复成绩库 {target}；原文件保留为 {display_path(kept)}。"
                   "备份之后做过的导入和更正需要重新做一遍。")
        return
    kept_text = f"；原有内容已备份到 {display_path(kept)}" if kept else ""
    click.echo(f"已用 {display_path(backup_file)} 恢复 PostgreSQL 成绩库 {target}{kept_text}。"
               "备份之后做过的导入和更正需要重新做一遍。")


@db.command("log")
@click.option("--exam", "exam_id", default=None, help="只看一次考试（如 2026-12-客服）。")
@click.option("--limit", type=click.IntRange(1), default=30, show_default=True, help="最多显示多少条。")
@db_option
@user_errors
def log(exam_id: str | None, limit: int, db_path: Path | None):
    """操作记录：每次导入答题卡、更正答案、导入员工名单和撤销，最新的在前。"""
    with open_gradebook(db_path, create=False) as book:
        operations = oplog.operations(book, exam_id)
    if not operations:
        click.echo("还没有任何操作记录。")
        return
    for op in operations[:limit]:
        state = f"  〔已撤销，见第 {op.undone_by} 号〕" if op.undone_by else ""
        exam = f"{op.exam_id}  " if op.exam_id else ""
        click.echo(f"第 {op.op_id} 号  {op.created_at[:16].replace('T', ' ')}  {op.label}  {exam}{op.summary}{state}")
    if len(operations) > limit:
        click.echo(f"……更早的 {len(operations) - limit} 条未列出（用 --limit 显示更多）。")


@db.command()
@click.option("--site-url", default=DEFAULT_SITE_URL, show_default=True,
              help="撤销更正答案时重新生成的答案解析中知识库网站的地址。")
@optional_project_option
@db_option
@user_errors
def undo(site_url: str, root: Path, db_path: Path | None):
    """撤销最近一次尚未撤销的操作（导入答题卡、更正答案或导入员工名单），恢复到它之前的状态。

    每次撤销一条，从最新的开始；撤销本身也记入操作记录。
    """
    with open_gradebook(db_path, create=False) as book:
        op, restored = oplog.undo(book, lambda: keyfiles.load_context(root, site_url))
    click.echo(f"已撤销第 {op.op_id} 号操作（{op.label}：{op.summary}）。{restored}")


@main.group()
def staff():
    """员工名单：新员工入职、调岗、离职。"""


@staff.command("import")
@click.argument("roster", metavar="名单", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--full", is_flag=True, help="名单是全公司的完整名单：不在名单中的人标记为离职。")
@db_option
@user_errors
def staff_import(roster: Path, full: bool, db_path: Path | None):
    """把名单（.xlsx 或 Excel/WPS 另存的 .csv；列：工号、姓名、岗位、项目，可选 状态）导入员工名单。

    \b
    示例：
      servicebook staff import 名单.xlsx
      servicebook staff import 全员名单.xlsx --full

    新的工号加入名单，已有的更新姓名、岗位、项目；不会删除任何人。状态列填“在职”或“离职”；
    加 --full 时不在名单中的人都标记为离职。可用 servicebook db undo 撤销。
    """
    with open_gradebook(db_path) as book:
        click.echo(staff_summary(api.import_staff(book, roster, full=full)))
