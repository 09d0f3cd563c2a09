"""The `servicebook` command: a thin click layer over the core. Only cli/ imports click."""

from __future__ import annotations

from pathlib import Path

import click

from servicebook import __version__
from servicebook.cli import i18n

i18n.install()
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _project_root(ctx, param, value: Path) -> Path:
    if not (value / "docs").is_dir():
        where = "当前目录" if str(value) == "." else str(value)
        raise click.BadParameter(f"{where}不是知识库项目目录（没有 docs/）。请在项目根目录（mkdocs.yml 所在目录）运行，"
                                 "或用 --root 指定项目目录。")
    return value


def project_option(function):
    """--root for commands that read the knowledge base: it must be a project."""
    return click.option(
        "--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
        callback=_project_root, help="项目根目录（mkdocs.yml 所在目录）。",
    )(function)


def optional_project_option(function):
    """--root for commands that only use the project for links (reports run wherever exams are)."""
    return click.option(
        "--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
        help="项目根目录（mkdocs.yml 所在目录），用于报告中的网站和题库链接。",
    )(function)


class Command(click.Command):
    """A command whose usage line reads in Chinese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class Group(click.Group):
    command_class = Command
    group_class = type  # sub-groups are of this same class

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def invoke(self, ctx):
        # Problems with the user's input are ClickExceptions with Chinese messages. Anything
        # else is our bug: say so in Chinese first, keep the traceback for the maintainers.
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:  # noqa: BLE001 - the last line of defence
            import traceback

            click.echo(f"程序内部错误（不是您的输入有误）：{error!r}\n"
                       "请把本次运行的命令和下面的信息发给系统维护人员：", err=True)
            click.echo("".join(traceback.format_exception(error)), err=True)
            ctx.exit(70)


@click.group(cls=Group, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="servicebook")
def main():
    """servicebook：物业服务标准知识库与培训考试系统。

    \b
    常用命令（在项目根目录运行）：
      servicebook check                                   检查页面、题库、培训计划和考试蓝图
      servicebook exam new --month 2026-12 --role 客服 --roster 名单.xlsx
                                                          出本月考试：试卷、答案、答题卡
      servicebook grade exams/2026-12-客服/ 答题卡.xlsx    评分并存入成绩库
      servicebook report quarter 2026Q4 --role 客服       季度考核表和补考名单
      servicebook bank stats                              题库统计
    """


# Each command group lives in its own module; importing registers it on `main`.
from servicebook.cli import bank as _bank  # noqa: E402,F401
from servicebook.cli import bankstats as _bankstats  # noqa: E402,F401
from servicebook.cli import exam as _exam  # noqa: E402,F401
from servicebook.cli import grading as _grading  # noqa: E402,F401
from servicebook.cli import gradebook as _gradebook  # noqa: E402,F401
from servicebook.cli import online as _online  # noqa: E402,F401
from servicebook.cli import server as _server  # noqa: E402,F401
from servicebook.cli import site as _site  # noqa: E402,F401
