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


@bank.command()
@project_option
def stamp(root: Path):
    """把每道题所依据章节的当前内容指纹写入题库文件（核对题目后运行）。"""
    project = Project(root)
    kb, problems = check_site(project)
    if any(not p.warning for p in problems):
        raise click.ClickException("页面检查未通过，请先运行 servicebook check 并修正。")
    count = bank_module.stamp_fingerprints(project.bank_dir, kb)
    click.echo(f"已更新 {count} 道题的指纹。" if count else "所有题目的指纹都是最新的。")


@bank.command()
@project_option
def lock(root: Path):
    """记录当前全部应知应会（高亮）的位置、上下文和数值到 quizzes/facts.lock（改完数值并核对题目后运行）。"""
    from servicebook.bank import factslock
    from servicebook.bank.generate import extract_facts

    project = Project(root)
    kb, problems = check_site(project)
    if any(not p.warning for p in problems):
        raise click.ClickException("页面检查未通过，请先运行 servicebook check 并修正。")
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
