"""Commands of the exam server: exam serve, exam open, exam close (thin callers of api.py and server/)."""

from __future__ import annotations

import socket
from pathlib import Path

import click

from servicebook import api
from servicebook.cli.exam import exam
from servicebook.cli.grading import db_location, db_option, open_gradebook, user_errors
from servicebook.server.clock import local_text, parse_local
from servicebook.server.secret import SecretError


def _time(ctx, param, value):
    parsed = parse_local(value)
    if parsed is None:
        raise click.BadParameter(f"时间应写成“2026-12-20 09:00”（日期 时:分），实际为 {value!r}。")
    return parsed


def _lan_address() -> str:
    """The address phones on the intranet reach this PC at (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


@exam.command("open")
@click.argument("exam_dir", metavar="考试目录", type=click.Path(file_okay=False, path_type=Path))
@click.option("--from", "opens", required=True, callback=_time, help="开始时间，如 \"2026-12-20 09:00\"。")
@click.option("--until", "closes", required=True, callback=_time, help="结束时间，如 \"2026-12-20 11:00\"。")
@click.option("--results-at", type=click.Choice(["close", "submit"]), default=None,
              help="本人何时能看到成绩和错题解析：close 考试结束后（默认），submit 交卷后立即（情景题评分前先显示其余各题）。")
@db_option
@user_errors
def open_command(exam_dir, opens, closes, results_at, db_path):
    """开放在线考试：从开始时间到结束时间，员工可用签到表上的工号和登录码在手机上答题。

    \b
    示例：
      servicebook exam open exams/2026-12-客服 --from "2026-12-20 09:00" --until "2026-12-20 11:00"
    再次运行可改时间（已答的答案保留）。
    """
    with open_gradebook(db_path) as book:
        try:
            window = api.open_online(book, exam_dir, opens, closes, results_at=results_at)
        except SecretError as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"已开放在线考试 {window.title}：{local_text(window.opens_at)} 至 {local_text(window.closes_at)}，"
               f"每人答题 {window.duration_seconds // 60} 分钟（不超过结束时间）。")


@exam.command("close")
@click.argument("exam_dir", metavar="考试目录", type=click.Path(file_okay=False, path_type=Path))
@db_option
@user_errors
def close_command(exam_dir, db_path):
    """立即结束在线考试：不能再登录，正在答题的人按现有答案交卷。"""
    with open_gradebook(db_path) as book:
        window = api.close_online(book, exam_dir)
    click.echo(f"已关闭在线考试 {window.title}（{local_text(window.ended_at)}）。")


@exam.command("serve")
@click.option("--host", default="0.0.0.0", show_default=True, help="监听地址（0.0.0.0：内网中的手机都能访问）。")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535), help="端口。")
@db_option
@click.option("--exams", "exams_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("exams"),
              show_default=True, help="考试目录所在的文件夹（培训师页面从中选择要开放的考试）。")
@click.option("--trainer-password", default=None, help="培训师页面的口令（默认每次启动随机生成并显示）。")
@click.option("--grace", default=120, show_default=True, type=click.IntRange(0, 3600),
              help="断网时在交卷时间前改的答案，交卷时间后多少秒内送达仍然有效。")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="服务进程数（SQLite 成绩库只能 1 个；多个进程需要 PostgreSQL）。")
@click.option("--behind-proxy", is_flag=True, help="在 nginx 等反向代理之后运行（按代理转发的地址限制登录失败次数）。")
@click.option("--site-url", default="", help="知识库网站的地址（如 http://10.0.0.5/kb/）：考后错题解析链接到其中的章节。")
def serve_command(host, port, db_path, exams_dir, trainer_password, grace, workers, behind_proxy, site_url):
    """启动在线考试服务：员工用手机浏览器打开显示的地址，凭工号和登录码答题。

    \b
    示例（在项目办公室的电脑上运行，手机与电脑连同一个内网）：
      servicebook exam serve
      servicebook exam open exams/2026-12-客服 --from "2026-12-20 09:00" --until "2026-12-20 11:00"
    按 Ctrl+C 停止；已保存的答案都在成绩库中，重新启动后可继续考试。
    """
    from servicebook.grading.gradebook import is_url
    from servicebook.server import run

    db = db_location(db_path)
    if workers > 1 and not is_url(db):
        raise click.UsageError("SQLite 成绩库只能由 1 个服务进程写入；多个进程请使用 PostgreSQL 成绩库（--db postgresql://…）。")
    with open_gradebook(db) as book:  # a damaged or newer gradebook stops here, in Chinese; migrations run once
        secret_dir = api.secret_dir(book)
    token = run.trainer_token(trainer_password)
    try:
        config = run.make_config(db, secret_dir, exams_dir, token, grace=float(grace), site_url=site_url)
    except SecretError as error:
        raise click.ClickException(str(error)) from error
    shown = _lan_address() if host == "0.0.0.0" else host
    click.echo(f"在线考试服务已启动：手机浏览器打开 http://{shown}:{port}/\n"
               f"培训师页面：http://{shown}:{port}/trainer  口令：{token}\n"
               "按 Ctrl+C 停止。")
    run.serve(config, host, port, proxy=behind_proxy, workers=workers, secret_dir=secret_dir)
