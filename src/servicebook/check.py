"""Everything `servicebook check` and the MkDocs plugin verify, in one place (one validator, two doors)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from servicebook.bank import loader as bank_module
from servicebook.errors import Problem
from servicebook.kb import links, navigation
from servicebook.kb.private_files import private_files
from servicebook.kb.pages import KnowledgeBase, load_knowledge_base
from servicebook.site import practice, rolebooks, synonyms


@dataclass(frozen=True)
class Project:
    """Where a servicebook project keeps its inputs, relative to its root (where mkdocs.yml is)."""

    root: Path
    docs_dir: str = "docs"
    sources_file: str = "includes/sources.yml"
    glossary_file: str = "includes/abbreviations.md"
    quizzes_dir: str = "quizzes"
    synonyms_file: str = synonyms.SYNONYMS_FILE

    @property
    def docs(self) -> Path:
        return self.root / self.docs_dir

    @property
    def sources(self) -> Path:
        return self.root / self.sources_file

    @property
    def bank_dir(self) -> Path:
        return self.root / self.quizzes_dir / "bank"


def generated_pages() -> frozenset[str]:
    """Paths of pages the plugin generates; links to them are valid before they exist."""
    paths = {f"{rolebooks.ROLES_DIR}/index.md", rolebooks.SOURCES_PAGE}
    paths |= {f"{rolebooks.ROLES_DIR}/{slug}.md" for slug in rolebooks.ROLE_SLUGS.values()}
    paths |= practice.generated_paths()
    return frozenset(paths)


def check_site(project: Project) -> tuple[KnowledgeBase, list[Problem]]:
    """Load and validate every page and link. Returns the knowledge base and all problems."""
    kb = load_knowledge_base(project.docs, project.sources)
    problems = kb.problems + links.check_links(kb, generated_pages()) + private_files(project.docs)
    config_file = project.root / "mkdocs.yml"
    if config_file.is_file():
        nav = navigation.read_nav(config_file)
        problems += navigation.check_nav(nav, kb, generated_pages(), navigation.config_display(config_file))
    synonyms_path = project.root / project.synonyms_file
    if synonyms_path.is_file():
        problems += synonyms.check_synonyms(synonyms_path, kb)
    return kb, problems


def check_bank(project: Project, kb: KnowledgeBase) -> tuple[bank_module.Bank, list[Problem]]:
    """Load the question bank and check every question against the pages it cites."""
    from servicebook.bank import review

    bank = bank_module.load_bank(project.bank_dir)
    problems = list(bank.problems)
    if not problems:
        problems += bank_module.check_sources(bank, kb)
    marks, review_problems = review.load(project.root / project.quizzes_dir, f"{project.quizzes_dir}/{review.FILE}")
    bank.retired = review.retired(marks)
    return bank, problems + review_problems


def check_exams(project: Project, kb: KnowledgeBase, bank: bank_module.Bank,
                first_month: str) -> tuple[list, list[Problem]]:
    """Generated questions, the training plan, the blueprints, and whether the bank can serve the
    next 12 months of exams. Skipped (no problems) when the project has no quizzes/plan.yml."""
    from servicebook.bank import generate
    from servicebook.exam import blueprint, feasibility, plan

    from servicebook.bank import factslock

    generated = generate.generated_questions(kb)
    quizzes = project.root / project.quizzes_dir
    lock_problems = factslock.check(factslock.load(quizzes), generate.extract_facts(kb), bank.questions, kb,
                                    f"{project.quizzes_dir}/{factslock.FILE}")
    from servicebook.bank import review

    marks, _ = review.load(quizzes)
    lock_problems += review.check_ids(marks, bank.questions + generated, f"{project.quizzes_dir}/{review.FILE}")
    lock_problems += review.exam_copies_of_practice(bank.questions, generated)
    plan_path = quizzes / "plan.yml"
    if not plan_path.is_file():
        return generated, lock_problems
    training_plan, problems = plan.read_plan(plan_path)
    blueprints, bp_problems = blueprint.read_blueprints(quizzes / "blueprints")
    problems += bp_problems
    problems += plan.check_plan_pages(training_plan, kb)
    if any(not p.warning for p in problems):
        return generated, lock_problems + problems
    from servicebook.paths import display_path

    problems += feasibility.check_blueprints_cover(training_plan, blueprints, display_path(quizzes / "blueprints"))
    usable = [q for q in bank.questions + generated if q.id not in bank.retired]
    problems += feasibility.check_feasibility(training_plan, blueprints, usable, first_month)
    problems += feasibility.scenario_points(blueprints, bank.questions)
    return generated, lock_problems + problems
