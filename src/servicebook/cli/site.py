"""Commands for the knowledge-base site: check, assets."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from servicebook.check import Project, check_bank, check_exams, check_site
from servicebook.cli import main, project_option
from servicebook.errors import format_problems
from servicebook.site import vendor


@main.command()
@project_option
@click.option("--strict", is_flag=True, help="把警告也当作错误（发布前使用）。")
def check(root: Path, strict: bool):
    """检查知识库：页面头部、应知应会高亮、常见问法、站内链接和锚点；题库、培训计划、考试蓝图，
    以及题库能否满足今后 12 个月的月度考试。

    发现问题时逐条列出文件、行号和修改方法，并以非零状态退出。
    """
    project = Project(root)
    kb, problems = check_site(project)
    bank, bank_problems = check_bank(project, kb)
    problems += bank_problems
    generated: list = []
    if not any(not p.warning for p in problems):
        generated, exam_problems = check_exams(project, kb, bank, dt.date.today().strftime("%Y-%m"))
        problems += exam_problems
    errors = [p for p in problems if strict or not p.warning]
    if problems:
        click.echo(format_problems(problems), err=True)
    if errors:
        sys.exit(1)
    extra = f"，另有 {len(generated)} 道由高亮自动生成" if generated else ""
    click.echo(f"检查通过：{len(kb.content_pages())} 个页面，{len(bank.questions)} 道题{extra}。")


@main.command()
@project_option
@click.option("--force", is_flag=True, help="即使已是最新版本也重新下载。")
def assets(root: Path, force: bool):
    """下载网站离线使用的前端资源（Mermaid 流程图、离线搜索）到 .vendor/。"""
    target = root / ".vendor"
    if not force and vendor.is_current(target):
        click.echo("前端资源已是最新，无需下载。")
        return
    try:
        files = vendor.fetch(target)
    except vendor.VendorError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"已下载 {len(files)} 个前端资源到 {target}。")
