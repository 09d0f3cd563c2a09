"""quizzes/facts.lock: the committed record of every highlighted fact (issue 12, point 7).

One entry per highlight: its id (the generated-question id stem, which follows the words around
the fact, not its value), where it stands (page#anchor), the words around it and its value. With
the record, `check` tells a changed value from a new fact, lists every question and page that
still states the old value, and finds one fact stated with different values in different places.
`servicebook bank lock` rewrites the record — a deliberate step after the edit is complete.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import yaml

from servicebook import numerals
from servicebook.bank import factsagree
from servicebook.bank.facts import MARKER, Fact
from servicebook.bank.questions import Question
from servicebook.errors import Problem
from servicebook.kb.pages import KnowledgeBase

FILE = "facts.lock"
_HEADER = ("# 应知应会（==高亮==）记录：编号、位置、上下文和数值。由 servicebook bank lock 生成，请勿手工修改。\n"
           "# servicebook check 用它区分“改了数值”和“新增事实”，并找出仍写着旧数值的题目和页面。\n")
NEIGHBOUR = 4  # characters before the fact that must accompany an old value found elsewhere


def entries(facts: Iterable[Fact]) -> dict[str, dict[str, str]]:
    return {f.base_id: {"where": f"{f.page.meta.id}#{f.anchor}", "context": f.context, "value": f.text}
            for f in facts}


def dump(facts: Iterable[Fact]) -> str:
    return _HEADER + yaml.safe_dump(entries(facts), allow_unicode=True, sort_keys=True, width=200)


def load(quizzes_dir: Path) -> dict[str, dict[str, str]] | None:
    path = quizzes_dir / FILE
    if not path.is_file():
        return None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}


def check(locked: dict[str, dict[str, str]] | None, facts: list[Fact], questions: Iterable[Question],
          kb: KnowledgeBase, lock_file: str) -> list[Problem]:
    """Changed values (errors, with every place still stating the old one), new and removed facts
    (warnings), and one fact stated with different values (warnings)."""
    problems: list[Problem] = []
    if locked is None:
        return problems
    questions = [q for q in questions if not q.generated]
    current = {f.base_id: f for f in facts}
    new = 0
    for fact in facts:
        entry = locked.get(fact.base_id)
        if entry is None:
            new += 1
            continue
        old = str(entry.get("value", ""))
        if numerals.normalize_answer(old) == numerals.normalize_answer(fact.text):
            continue
        stale = _stating(old, fact, questions, kb)
        places = "；".join(stale) if stale else "没有其他地方写着旧值"
        problems.append(Problem(
            fact.page.file, fact.line,
            f"应知应会的数值改了：“{fact.context}”由 {old} 改为 {fact.text}。仍写着 {old} 的地方：{places}。",
            f"逐一核对并修改上述题目和页面，然后运行 servicebook bank lock 更新 {lock_file}。"))
    if new:
        problems.append(Problem(lock_file, 0, f"有 {new} 处新的应知应会（==高亮==）还没有记录。",
                                "核对无误后运行 servicebook bank lock。", warning=True))
    gone = [key for key in locked if key not in current]
    if gone:
        problems.append(Problem(lock_file, 0, f"有 {len(gone)} 处已记录的应知应会在页面中找不到了（句子改写或删除）。",
                                "确认是有意删除或改写后运行 servicebook bank lock。", warning=True))
    problems += disagreements(facts) + factsagree.restatements(facts, questions, kb)
    return problems


def _stating(old: str, fact: Fact, questions: list[Question], kb: KnowledgeBase) -> list[str]:
    """Questions (any field, rubric included) and pages that state `old` next to the fact's words."""
    before = fact.masked.split(MARKER)[0].replace("\x01", "")[-NEIGHBOUR:]
    same_page = fact.page.meta.id
    found = []
    for q in questions:
        text = "\n".join([q.stem, q.explanation, *q.options, *q.answer, *q.items, *(r.point for r in q.rubric)])
        if old in text and (q.page_id == same_page or (before and before + old in text)):
            found.append(f"题目 {q.id}（{q.file}:{q.line}）")
    for page in kb.content_pages():
        body = page.body.replace("==", "")
        needle = before + old if before else old
        if needle in body:
            found.append(f"页面 {page.file}")
    return found


def disagreements(facts: list[Fact]) -> list[Problem]:
    """The same words around a fact with different values on different pages or sections."""
    by_context: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        words = re.sub(r"\W", "", fact.masked.replace("\x01", ""))
        if len(words) >= 8:
            by_context[fact.masked.replace("\x01", "…")].append(fact)
    problems = []
    for group in by_context.values():
        values = {numerals.normalize_answer(f.text) for f in group}
        if len(values) > 1 and len({f.page.meta.id + f.anchor for f in group}) > 1:
            first = group[0]
            where = "；".join(f"{f.page.file}:{f.line} 写作 {f.text}" for f in group)
            problems.append(Problem(first.page.file, first.line,
                                    f"同一事实“{first.context}”在不同地方数值不一致：{where}。",
                                    "核对资料，统一为正确的数值；资料之间确有差异时在页面中用“来源差异”提示框说明。",
                                    warning=True))
    return problems
