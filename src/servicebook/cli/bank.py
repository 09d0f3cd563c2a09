"""Commands for the question bank (the work: bank/workflows.py through servicebook.api)."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from servicebook import api
from servicebook.bank.review import MARK_HEADER
from servicebook.cli import main, project_option
from servicebook.errors import ProblemsFound
from servicebook.grading.gradebook import GradebookError


@main.group()
def bank():
    """题库：统计、更新出题依据指纹。"""


def user_errors(function):
    """Problems in pages, questions or a filled sheet, and a gradebook that cannot be read: Chinese, exit 1."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except (ProblemsFound, GradebookError) as error:
            raise click.ClickException(str(error)) from error
    return wrapper


@bank.command()
@project_option
@user_errors
def stamp(root: Path):
    """把每道题所依据章节的当前内容指纹写入题库文件（核对题目后运行）。"""
    count = api.stamp_fingerprints(root)
    click.echo(f"已更新 {count} 道题的指纹。" if count else "所有题目的指纹都是最新的。")


@bank.command()
@project_option
@user_errors
def lock(root: Path):
    """记录当前全部应知应会（高亮）的位置、上下文和数值到 quizzes/facts.lock（改完数值并核对题目后运行）。"""
    locked = api.lock_facts(root)
    click.echo(f"已记录 {locked.total} 处应知应会：新增 {locked.added}，"
               f"数值改动 {locked.changed}，删除 {locked.removed}。")


@bank.command()
@project_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("审题表.xlsx"), show_default=True,
              help="审题表保存位置。")
@click.option("--import", "import_path", type=click.Path(dir_okay=False, path_type=Path),
              help="读入填好的审题表，把审题结论写入 quizzes/review.yml。")
@click.option("--db", "db_path", metavar="文件或地址", default=None,
              help="成绩库（SQLite 文件，默认 data/gradebook.sqlite；或 postgresql:// 地址；也可用环境变量 "
                   "SERVICEBOOK_DB），用于答对率和区分度。")
@user_errors
def review(root: Path, out: Path, import_path: Path | None, db_path: str | None):
    """审题：生成全部题目（手写和自动生成）的审题表，附质量信号和考试统计；培训师填写
    通过 / 修改 / 停用 和备注后，用 --import 读回。停用的题目不再出现在试卷、自测和每日一练中。

    \b
    示例：
      servicebook bank review --out 审题表.xlsx
      servicebook bank review --import 审题表.xlsx
    """
    if import_path is not None:
        imported = api.import_review(root, import_path)
        click.echo(f"已读入 {imported.total} 条审题结论（" + "，".join(f"{k} {v}" for k, v in imported.counts.items())
                   + f"），写入 {imported.file}。")
        return
    sheet = api.review_sheet(root, out, db=db_path)
    click.echo(f"已生成审题表 {out}：{sheet.questions} 道题（其中 {sheet.graded} 道有考试统计）。"
               f"在“{MARK_HEADER}”列填写 通过 / 修改 / 停用，然后运行 servicebook bank review --import {out}。")
