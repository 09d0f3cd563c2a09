"""Commands for the question bank."""

from __future__ import annotations

from pathlib import Path

import click

from servicebook.bank import loader as bank_module
from servicebook.check import Project, check_site
from servicebook.cli import main, project_option


@main.group()
def bank():
    """题库：统计、更新出题依据指纹。"""


def _checked_site(project: Project):
    """The knowledge base, or stop when its pages have errors (fingerprints and facts come from them)."""
    kb, problems = check_site(project)
    if any(not p.warning for p in problems):
        raise click.ClickException("页面检查未通过，请先运行 servicebook check 并修正。")
    return kb


@bank.command()
@project_option
def stamp(root: Path):
    """把每道题所依据章节的当前内容指纹写入题库文件（核对题目后运行）。"""
    project = Project(root)
    kb = _checked_site(project)
    count = bank_module.stamp_fingerprints(project.bank_dir, kb)
    click.echo(f"已更新 {count} 道题的指纹。" if count else "所有题目的指纹都是最新的。")


@bank.command()
@project_option
def lock(root: Path):
    """记录当前全部应知应会（高亮）的位置、上下文和数值到 quizzes/facts.lock（改完数值并核对题目后运行）。"""
    from servicebook.bank import factslock
    from servicebook.bank.generate import extract_facts

    project = Project(root)
    kb = _checked_site(project)
    facts = extract_facts(kb)
    path = project.root / project.quizzes_dir / factslock.FILE
    before = factslock.load(project.root / project.quizzes_dir) or {}
    after = factslock.entries(facts)
    changed = sum(1 for key, entry in after.items() if key in before and before[key].get("value") != entry["value"])
    tmp = path.with_suffix(".tmp")
    tmp.write_text(factslock.dump(facts), encoding="utf-8")
    tmp.replace(path)
    click.echo(f"已记录 {len(after)} 处应知应会：新增 {len(set(after) - set(before))}，"
               f"数值改动 {changed}，删除 {len(set(before) - set(after))}。")


@bank.command()
@project_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("审题表.xlsx"), show_default=True,
              help="审题表保存位置。")
@click.option("--import", "import_path", type=click.Path(dir_okay=False, path_type=Path),
              help="读入填好的审题表，把审题结论写入 quizzes/review.yml。")
@click.option("--db", "db_path", metavar="文件或地址", default=None,
              help="成绩库（SQLite 文件，默认 data/gradebook.sqlite；或 postgresql:// 地址；也可用环境变量 "
                   "SERVICEBOOK_DB），用于答对率和区分度。")
def review(root: Path, out: Path, import_path: Path | None, db_path: Path | str | None):
    """审题：生成全部题目（手写和自动生成）的审题表，附质量信号和考试统计；培训师填写
    通过 / 修改 / 停用 和备注后，用 --import 读回。停用的题目不再出现在试卷、自测和每日一练中。

    \b
    示例：
      servicebook bank review --out 审题表.xlsx
      servicebook bank review --import 审题表.xlsx
    """
    from servicebook.bank import idmap
    from servicebook.bank import review as review_module
    from servicebook.bank.generate import generated_questions
    from servicebook.check import check_bank
    from servicebook.errors import ProblemsFound, format_problems
    from servicebook.tables import read_table, write_workbook

    project = Project(root)
    quizzes = project.root / project.quizzes_dir
    kb, problems = check_site(project)
    bank_data, bank_problems = check_bank(project, kb)
    if any(not p.warning for p in problems + bank_problems):
        raise click.ClickException("检查未通过，请先运行 servicebook check 并修正：\n"
                                   + format_problems([p for p in problems + bank_problems if not p.warning]))
    marks, _ = review_module.load(quizzes)
    if import_path is not None:
        try:
            table = read_table(import_path, sheet=review_module.SHEET, what="审题表")
        except ProblemsFound as error:
            raise click.ClickException(str(error)) from None
        imported, found = review_module.read_marks(table.rows, table.file)
        if found:
            raise click.ClickException("审题表有误，没有写入：\n" + format_problems(found))
        marks = {**marks, **imported}
        path = quizzes / review_module.FILE
        tmp = path.with_suffix(".tmp")
        tmp.write_text(review_module.dump(marks), encoding="utf-8")
        tmp.replace(path)
        counts = {m: sum(1 for x in imported.values() if x.mark == m) for m in review_module.MARKS}
        click.echo(f"已读入 {len(imported)} 条审题结论（" + "，".join(f"{k} {v}" for k, v in counts.items())
                   + f"），写入 {project.quizzes_dir}/{review_module.FILE}。")
        return
    questions = bank_data.questions + generated_questions(kb)
    stats = {}
    from servicebook.cli.grading import _db_location, db_location, open_gradebook

    location = db_location(_db_location(None, None, db_path))
    if not isinstance(location, Path) or location.is_file():
        from servicebook.grading.pooled import pooled_stats

        with open_gradebook(location, create=False) as book:
            stats = pooled_stats(book, idmap.load(quizzes))
    rows = review_module.rows(questions, stats, marks)
    write_workbook(out, [(review_module.SHEET, review_module.HEADERS, rows)])
    graded = sum(1 for q in questions if q.id in stats)
    click.echo(f"已生成审题表 {out}：{len(rows)} 道题（其中 {graded} 道有考试统计）。"
               f"在“{review_module.MARK_HEADER}”列填写 通过 / 修改 / 停用，然后运行 servicebook bank review --import {out}。")
