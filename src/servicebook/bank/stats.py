"""Question-bank statistics: coverage by role, category, type, difficulty and use (pure: no file access)."""

from __future__ import annotations

from dataclasses import dataclass, field

from servicebook.bank.generate import Fact, extract_facts
from servicebook.bank.questions import TYPES, USES, Question
from servicebook.errors import Problem
from servicebook.kb.markdown_scan import plain_text
from servicebook.kb.pages import KnowledgeBase, Page
from servicebook.kb.schema import CATEGORIES, ROLES

EVERYONE = "全员"
DIFFICULTY_NAMES = {1: "易", 2: "中", 3: "难"}
USE_NAMES = {"exam": "仅考试", "practice": "仅自测", "both": "考试和自测"}


@dataclass
class Tally:
    authored: int = 0
    generated: int = 0

    @property
    def total(self) -> int:
        return self.authored + self.generated

    def add(self, question: Question) -> None:
        if question.generated:
            self.generated += 1
        else:
            self.authored += 1


@dataclass(frozen=True)
class ListedPage:
    """A page as the statistics list it for the trainer: its id, title and the file to open (as
    messages show it). Not exam.contract.PageRef, which records for a manifest where the page sits
    in docs/ and its category, and has neither the id nor the file as shown."""

    page_id: str
    title: str
    file: str


@dataclass(frozen=True)
class UncoveredFact:
    page: ListedPage
    text: str
    anchor: str
    heading: str
    line: int
    reason: str  # why no 单选 question exists for it


@dataclass(frozen=True)
class StaleQuestion:
    question_id: str
    page: ListedPage
    heading: str
    file: str
    line: int


@dataclass
class BankStats:
    total: Tally = field(default_factory=Tally)
    everyone: Tally = field(default_factory=Tally)  # questions listing 全员
    roles_listed: dict[str, Tally] = field(default_factory=dict)  # role named in the question itself
    roles_effective: dict[str, Tally] = field(default_factory=dict)  # listed or via 全员
    categories: dict[str, Tally] = field(default_factory=dict)
    types: dict[str, Tally] = field(default_factory=dict)
    difficulties: dict[int, Tally] = field(default_factory=dict)
    uses: dict[str, Tally] = field(default_factory=dict)
    pages_without_questions: list[ListedPage] = field(default_factory=list)
    uncovered_facts: list[UncoveredFact] = field(default_factory=list)
    stale: list[StaleQuestion] = field(default_factory=list)
    content_pages: int = 0
    errors: int = 0  # page and bank errors met while loading: the figures may be incomplete


def is_index(page: Page) -> bool:
    return page.src == "index.md" or page.src.endswith("/index.md")


def _ref(page: Page) -> ListedPage:
    return ListedPage(page.meta.id if page.meta else "", page.title, page.file)


def _heading(page: Page | None, anchor: str) -> str:
    section = page.scan.section(anchor) if page and anchor else None
    return section.heading.text if section and section.heading else (f"#{anchor}" if anchor else "（页首）")


def compute_stats(kb: KnowledgeBase, authored: list[Question], generated: list[Question],
                  warnings: list[Problem]) -> BankStats:
    """Tally authored + generated questions; `warnings` are bank.check_sources problems (stale = warning)."""
    stats = BankStats(
        roles_listed={r: Tally() for r in ROLES if r != EVERYONE},
        roles_effective={r: Tally() for r in ROLES if r != EVERYONE},
        categories={c: Tally() for c in CATEGORIES},
        types={t: Tally() for t in TYPES},
        difficulties={d: Tally() for d in DIFFICULTY_NAMES},
        uses={u: Tally() for u in USES},
    )
    pages = kb.by_id
    for question in authored + generated:
        stats.total.add(question)
        if EVERYONE in question.roles:
            stats.everyone.add(question)
        for role in stats.roles_listed:
            if role in question.roles:
                stats.roles_listed[role].add(question)
            if question.serves(role):
                stats.roles_effective[role].add(question)
        page = pages.get(question.page_id)
        category = question.category or (page.meta.category if page and page.meta else "")
        if category:
            stats.categories.setdefault(category, Tally()).add(question)
        stats.types.setdefault(question.type, Tally()).add(question)
        stats.difficulties.setdefault(question.difficulty, Tally()).add(question)
        stats.uses.setdefault(question.use, Tally()).add(question)

    standards = [p for p in kb.content_pages() if not is_index(p)]
    stats.content_pages = len(standards)
    cited = {q.page_id for q in authored + generated}
    stats.pages_without_questions = [_ref(p) for p in standards if p.meta.id not in cited]
    stats.uncovered_facts = _uncovered_facts(kb, authored, generated)
    stats.stale = _stale(kb, authored, warnings)
    return stats


def _uncovered_facts(kb: KnowledgeBase, authored: list[Question], generated: list[Question]) -> list[UncoveredFact]:
    """Highlights with no generated 单选 question and no authored question on the same section."""
    facts: dict[tuple[str, int, str], Fact] = {(f.page.meta.id, f.line, f.text): f for f in extract_facts(kb)}
    generated_ids = {q.id for q in generated}
    authored_sources = {q.source for q in authored}
    found = []
    for page in kb.content_pages():
        for mark in page.scan.highlights:
            fact = facts.get((page.meta.id, mark.line, plain_text(mark.text)))
            if fact and fact.base_id + "-c" in generated_ids:
                continue
            if f"{page.meta.id}#{mark.anchor}" in authored_sources:
                continue
            if fact and fact.base_id + "-t" in generated_ids:
                reason = "干扰项不足，只生成了填空题"
            else:
                reason = "无法从所在句子生成题目"
            found.append(UncoveredFact(_ref(page), plain_text(mark.text), mark.anchor,
                                       _heading(page, mark.anchor), mark.line, reason))
    return found


def _stale(kb: KnowledgeBase, authored: list[Question], warnings: list[Problem]) -> list[StaleQuestion]:
    at = {(q.file, q.line): q for q in authored}
    pages = kb.by_id
    stale = []
    for problem in warnings:
        question = at.get((problem.path, problem.line))
        if not problem.warning or question is None:
            continue
        page = pages.get(question.page_id)
        ref = _ref(page) if page else ListedPage(question.page_id, question.page_id, "")
        stale.append(StaleQuestion(question.id, ref, _heading(page, question.anchor), question.file, question.line))
    return stale


def tables(stats: BankStats) -> list[tuple[str, list[str], list[list[str]]]]:
    """The count tables as (title, headers, rows) — shared by the terminal and HTML output."""
    head = ["人工编写", "自动生成", "合计"]

    def row(label: str, tally: Tally) -> list[str]:
        return [label, str(tally.authored), str(tally.generated), str(tally.total)]

    roles = [[EVERYONE, str(stats.everyone.total), *row("", stats.everyone)[1:]]]
    for role, tally in stats.roles_effective.items():
        roles.append([role, str(stats.roles_listed[role].total), *row("", tally)[1:]])
    return [
        ("总量", ["项目", *head], [row("题目", stats.total)]),
        ("按岗位（适用题目含全员题）", ["岗位", "直接标注", "适用：人工", "适用：生成", "适用合计"], roles),
        ("按栏目", ["栏目", *head], [row(c, t) for c, t in stats.categories.items()]),
        ("按题型", ["题型", *head], [row(t, v) for t, v in stats.types.items()]),
        ("按难度", ["难度", *head], [row(DIFFICULTY_NAMES.get(d, str(d)), t) for d, t in stats.difficulties.items()]),
        ("按用途", ["用途", *head], [row(USE_NAMES.get(u, u), t) for u, t in stats.uses.items()]),
    ]
