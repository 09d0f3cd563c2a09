"""The question-bank workflows under `servicebook bank`: each one loads, checks and writes, and
returns what it did or raises `ProblemsFound` with the message the trainer reads (re-exported
from `servicebook.api`; none of them prints).

- `stamp_fingerprints`: each question's section fingerprint written into its bank file;
- `lock_facts`: quizzes/facts.lock rewritten from the pages' highlighted facts;
- `review_sheet` / `import_review`: the 审题表 out, the trainers' marks back into quizzes/review.yml;
- `bank_stats`: the coverage figures, and the offline HTML page of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from servicebook.bank import factslock, review
from servicebook.bank.stats import BankStats
from servicebook.check import Project, check_bank, check_site
from servicebook.errors import ProblemsFound
from servicebook.kb.pages import KnowledgeBase
from servicebook.paths import atomic_write_bytes, refuse_published

STATS_HTML = Path("build") / "bank-stats.html"  # bank stats' page, under the project root


def _checked_site(project: Project) -> KnowledgeBase:
    """The knowledge base, or ProblemsFound when its pages have errors (fingerprints and facts come from them)."""
    kb, problems = check_site(project)
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ProblemsFound(errors, heading="页面检查未通过，请先运行 servicebook check 并修正：")
    return kb


def _checked_bank(project: Project):
    """The knowledge base and the bank, or ProblemsFound when pages or questions have errors."""
    kb, problems = check_site(project)
    bank, bank_problems = check_bank(project, kb)
    errors = [p for p in problems + bank_problems if not p.warning]
    if errors:
        raise ProblemsFound(errors, heading="检查未通过，请先运行 servicebook check 并修正：")
    return kb, bank


def stamp_fingerprints(root: Path) -> int:
    """`bank stamp`: write each question's current section fingerprint into its file; returns how many changed."""
    from servicebook.bank import loader

    project = Project(root)
    return loader.stamp_fingerprints(project.bank_dir, _checked_site(project))


# ---- bank lock ----

@dataclass(frozen=True)
class FactsLocked:
    """quizzes/facts.lock rewritten: how many facts it records and how they changed since the last lock."""

    path: Path
    total: int
    added: int
    changed: int  # same fact, another value
    removed: int


def lock_facts(root: Path) -> FactsLocked:
    """`bank lock`: record every highlighted fact (place, context, value) in quizzes/facts.lock."""
    from servicebook.bank.generate import extract_facts

    project = Project(root)
    facts = extract_facts(_checked_site(project))
    quizzes = project.root / project.quizzes_dir
    before = factslock.load(quizzes) or {}
    after = factslock.entries(facts)
    changed = sum(1 for key, entry in after.items() if key in before and before[key].get("value") != entry["value"])
    path = quizzes / factslock.FILE
    atomic_write_bytes(path, factslock.dump(facts).encode("utf-8"))
    return FactsLocked(path, len(after), len(set(after) - set(before)), changed, len(set(before) - set(after)))


# ---- bank review ----

@dataclass(frozen=True)
class ReviewSheet:
    """The 审题表 written: one row per question, `graded` of them with exam statistics."""

    out: Path
    questions: int
    graded: int


def review_sheet(root: Path, out: Path, db: Path | str | None = None) -> ReviewSheet:
    """`bank review`: every question (authored and generated) with its quality signals, its earlier
    mark and, when the gradebook `db` (default: grading.gradebook.location) exists, its pooled
    exam statistics, written to the workbook `out`. Raises GradebookError for a gradebook it cannot open."""
    from servicebook.bank import idmap
    from servicebook.bank.generate import generated_questions
    from servicebook.grading import gradebook
    from servicebook.grading.pooled import pooled_stats
    from servicebook.tables import write_workbook

    refuse_published(out, "审题表", root)  # it holds every question's answer, exam-only ones too
    project = Project(root)
    kb, bank = _checked_bank(project)
    quizzes = project.root / project.quizzes_dir
    marks, _ = review.load(quizzes)
    questions = bank.questions + generated_questions(kb)
    stats: dict[str, dict] = {}
    location = gradebook.location(db)
    if not isinstance(location, Path) or location.is_file():  # no SQLite file yet: nothing graded
        with gradebook.Gradebook(location, create=False) as book:
            stats = pooled_stats(book, idmap.load(quizzes))
    rows = review.rows(questions, stats, marks)
    write_workbook(out, [(review.SHEET, review.HEADERS, rows)])
    return ReviewSheet(out, len(rows), sum(1 for q in questions if q.id in stats))


@dataclass(frozen=True)
class ReviewImported:
    """Marks read from a filled 审题表 into quizzes/review.yml (shown as `file`), counted per mark."""

    path: Path
    file: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def import_review(root: Path, path: Path) -> ReviewImported:
    """`bank review --import`: the filled sheet's marks join quizzes/review.yml (a question marked
    again keeps the newer mark). Nothing is written when the sheet has problems."""
    from servicebook.tables import read_table

    project = Project(root)
    _checked_bank(project)
    quizzes = project.root / project.quizzes_dir
    marks, _ = review.load(quizzes)
    table = read_table(path, sheet=review.SHEET, what="审题表")
    imported, found = review.read_marks(table.rows, table.file)
    if found:
        raise ProblemsFound(found, heading="审题表有误，没有写入：")
    target = quizzes / review.FILE
    atomic_write_bytes(target, review.dump({**marks, **imported}).encode("utf-8"))
    counts = {m: sum(1 for x in imported.values() if x.mark == m) for m in review.MARKS}
    return ReviewImported(target, f"{project.quizzes_dir}/{review.FILE}", counts)


# ---- bank stats ----

def bank_stats(root: Path, *, html: Path | None = None) -> BankStats:
    """`bank stats`: the bank's coverage (stats.errors counts page and bank errors, which may leave it
    incomplete); with `html`, also the offline page of it written there."""
    from servicebook.bank.generate import generated_questions
    from servicebook.bank.stats import compute_stats
    from servicebook.bank.stats_html import render_html

    if html is not None:
        refuse_published(html, "题库统计", root)  # it names exam-only questions and their pages
    project = Project(root)
    kb, problems = check_site(project)
    bank, bank_problems = check_bank(project, kb)
    result = compute_stats(kb, bank.questions, generated_questions(kb), bank_problems)
    result.errors = sum(1 for p in problems + bank_problems if not p.warning)
    if html is not None:
        atomic_write_bytes(html, render_html(result).encode("utf-8"))
    return result
