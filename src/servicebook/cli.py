"""The `servicebook` command: a thin click layer over the core. Only this module imports click."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from servicebook import __version__, i18n, vendor
from servicebook.check import Project, check_site
from servicebook.errors import format_problems

i18n.install()
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def project_option(function):
    return click.option(
        "--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
        help="项目根目录（mkdocs.yml 所在目录）。",
    )(function)


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="servicebook")
def main():
    """servicebook：物业服务标准知识库与培训考试系统。

    \b
    常用命令：
      servicebook check          检查全部页面（头部字段、链接、锚点）
      servicebook assets         下载网站离线使用的前端资源
    """


@main.command()
@project_option
@click.option("--strict", is_flag=True, help="把警告也当作错误（发布前使用）。")
def check(root: Path, strict: bool):
    """检查知识库：页面头部、应知应会高亮、常见问法、站内链接和锚点。

    发现问题时逐条列出文件、行号和修改方法，并以非零状态退出。
    """
    kb, problems = check_site(Project(root))
    errors = [p for p in problems if strict or not p.warning]
    if problems:
        click.echo(format_problems(problems), err=True)
    if errors:
        sys.exit(1)
    click.echo(f"检查通过：{len(kb.content_pages())} 个页面。")


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
