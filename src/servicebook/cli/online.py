"""`servicebook exam grade-online`: grade what the exam server holds, as the trainer's 评分 button does."""

from __future__ import annotations

from pathlib import Path

import click

from servicebook.cli.exam import exam as exam_group
from servicebook.cli.grading import db_option, load, open_gradebook, user_errors
from servicebook.exam import contract
from servicebook.grading.workflow import RowsRejected


@exam_group.command("grade-online")
@click.argument("exam_dir", metavar="考试目录", type=click.Path(file_okay=False, path_type=Path))
@db_option
@user_errors
def grade_online(exam_dir: Path, db_path: Path | None):
    """在线考试评分：把考试服务器保存的最终答案按答题卡的规则评分，存入成绩库（可用 servicebook db undo 撤销）。

    \b
    示例：
      servicebook exam close exams/2026-12-客服/
      servicebook exam grade-online exams/2026-12-客服/

    考试结束（或关闭）后才能评分；从没登录或什么也没答的人记为缺考。有情景题时，每人的作答写入考试目录的
    scenario-marking.xlsx（“作答”列），培训师在“评分”列打分后再运行一次本命令，只更新有变化的人。
    """
    from servicebook.server import results
    from servicebook.server.clock import SystemClock

    manifest, _ = load(contract.read_manifest, exam_dir)
    with open_gradebook(db_path) as book:
        try:
            _, result = results.grade(book, manifest.exam_id, SystemClock().now())
        except RowsRejected as error:
            raise click.ClickException(str(error) + "\n未导入任何成绩。") from error
    for warning in result.grading.warnings:
        click.echo(f"警告：{warning}", err=True)
    click.echo(results.summary(result, exam_dir))
