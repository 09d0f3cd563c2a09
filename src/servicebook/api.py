"""The library under the CLI: each trainer workflow as one function, for `servicebook` and the exam server.

Every function takes plain values (paths, months, roles, people), does the loading, checking and
writing the CLI used to do itself, and returns a result or raises `ProblemsFound` (problems with
file and line; `GradebookError`, `KeyFixError` and `ReportError` for their own failures). None of
them prints: click commands parse options, call one of these and print the result. The question-bank
workflows (`lock_facts`, `review_sheet`, `import_review`, `bank_stats`, `stamp_fingerprints`) live in
bank/workflows.py and are re-exported here.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ContextManager

from servicebook.bank.workflows import (  # noqa: F401 - part of the API: the `servicebook bank` workflows
    STATS_HTML, FactsLocked, ReviewImported, ReviewSheet, bank_stats, import_review, lock_facts, review_sheet,
    stamp_fingerprints)
from servicebook.check import Project, check_bank, check_site
from servicebook.errors import Problem, ProblemsFound
from servicebook.exam import contract, exposure, signin
from servicebook.exam.contract import Exam
from servicebook.exam.make import FirstSitting, makeup_problems
from servicebook.exam.render.key_html import DEFAULT_SITE_URL
from servicebook.exam.roster import Person
from servicebook.exam.signin import SigninEntry, read_signin  # noqa: F401 - part of the API
from servicebook.grading.gradebook import Gradebook
from servicebook.grading.staff import StaffOutcome, import_staff  # noqa: F401 - part of the API
from servicebook.grading.workflow import GradeResult, RowsRejected, grade_file  # noqa: F401 - part of the API
from servicebook.kb.schema import ROLE_SLUGS
from servicebook.paths import refuse_published

# progress(total) → a context manager giving an object whose update(n) is called as papers are written
Progress = Callable[[int], ContextManager[Any]]


@dataclass(frozen=True)
class MadeExam:
    """An exam written to `out`: the assembled exam, the files written, and problems a retake would meet."""

    exam: Exam
    out: Path
    written: list[str]
    makeup_gaps: list[Problem]


def first_sitting(exam_dir: Path) -> FirstSitting:
    """The exam a retake follows, from its manifest."""
    return FirstSitting.of_manifest(exposure.read_manifest(exam_dir / contract.MANIFEST))


def new_exam(root: Path, out: Path, *, month: str, role: str, people: Sequence[Person], variants: int = 0,
             seed: int | None = None, site_url: str = DEFAULT_SITE_URL, pdf: bool = True, force: bool = False,
             progress: Progress | None = None, server_url: str | None = None) -> MadeExam:
    """Assemble and write one month's exam for `role` (per person, or `variants` anonymous papers),
    with its sign-in sheet (QR codes to `server_url`'s sign-in page when given)."""
    return _make(Project(root), out, month=month, role=role, first=None, people=people, variants=variants,
                 seed=seed, site_url=site_url, pdf=pdf, force=force, progress=progress, server_url=server_url)


def retake(root: Path, first: FirstSitting, out: Path, *, people: Sequence[Person], variants: int = 0,
           seed: int | None = None, site_url: str = DEFAULT_SITE_URL, pdf: bool = True, force: bool = False,
           progress: Progress | None = None, server_url: str | None = None) -> MadeExam:
    """Assemble and write the retake of `first`: no question of the first sitting is drawn again.
    A retake is an exam of its own, with its own sign-in codes."""
    return _make(Project(root), out, month=first.month, role=first.role, first=first, people=people,
                 variants=variants, seed=seed, site_url=site_url, pdf=pdf, force=force, progress=progress,
                 server_url=server_url)


def _make(project: Project, out: Path, *, month, role, first: FirstSitting | None, people, variants, seed,
          site_url, pdf, force, progress, server_url) -> MadeExam:
    from servicebook.bank import idmap
    from servicebook.bank.generate import generated_questions
    from servicebook.exam import output as exam_output
    from servicebook.exam.blueprint import load_blueprint
    from servicebook.exam.make import new_exam as assemble_new
    from servicebook.exam.make import retake as assemble_retake
    from servicebook.exam.plan import load_plan
    from servicebook.exam.render import page_refs
    from servicebook.exam.render import pdf as pdf_module

    exam_output.check_target(out, force)
    if server_url is not None:
        server_url = signin.check_server_url(server_url)
    if pdf:
        pdf_module.require_cjk_font()
    plan = load_plan(project.root / project.quizzes_dir / "plan.yml")
    plan.pages_for(month, role)  # a month outside the plan fails before the bank is loaded
    blueprint = load_blueprint(project.root / project.quizzes_dir / "blueprints" / f"{ROLE_SLUGS[role]}.yml")
    kb, _ = check_site(project)
    bank, problems = check_bank(project, kb)
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ProblemsFound(errors, heading="题库检查未通过，不能出卷：")
    questions = [q for q in bank.questions + generated_questions(kb) if q.id not in bank.retired]  # 停用 never drawn
    renamed = idmap.load(project.root / project.quizzes_dir)  # manifests written before issue 12
    recent = exposure.recent_question_ids(out.parent, role, month, skip=out, renamed=renamed)
    makeup_gaps: list[Problem] = []
    pages = page_refs(kb)
    if first is None:
        exam = assemble_new(questions, plan, blueprint, month=month, people=people, variants=variants, seed=seed,
                            recent=recent, pages=pages)
        makeup_gaps = makeup_problems(questions, plan, blueprint, exam, fingerprint=exam.bank_fingerprint)
    else:
        first = dataclasses.replace(first, question_ids=idmap.current_ids(first.question_ids, renamed))
        exam = assemble_retake(questions, plan, blueprint, first, people=people, variants=variants, seed=seed,
                               recent=recent, pages=pages)
    with (progress(len(exam.papers)) if progress else contextlib.nullcontext()) as bar:
        written = exam_output.write_exam(out, exam, pages, site_url=site_url, pdf=pdf, force=force,
                                         tick=bar.update if bar is not None else None, server_url=server_url)
    return MadeExam(exam, out, written, makeup_gaps)


def fix_key(book: Gradebook, root: Path, exam_dir: Path, question_id: str, answer: str | None = None, *,
            options: tuple[str, ...] = (), paper: str | None = None, site_url: str = DEFAULT_SITE_URL):
    """Correct one question's key in the manifest, the key files and the stored scores (undoable)."""
    from servicebook.grading import keyfiles, keyfix

    return keyfix.fix_key(book, exam_dir, question_id, answer, options=options, paper=paper,
                          context=keyfiles.load_context(root, site_url))


@dataclass(frozen=True)
class GradedSheet:
    """A filled answer sheet graded and imported, and the files written beside it (results.xlsx; the
    rejected rows when some were skipped)."""

    result: GradeResult
    results_file: Path
    rejects_file: Path | None


def grade_sheet(book: Gradebook, exam_dir: Path, sheet_path: Path, *, skip_bad_rows: bool = False,
                allow_blank: bool = False, blank_is_zero: bool = False, marking_path: Path | None = None,
                track: Callable[[Any], Any] = lambda sheet: sheet) -> GradedSheet:
    """`servicebook grade`: grade the sheet into the gradebook (grade_file; RowsRejected when rows have
    problems and nothing was imported) and write results.xlsx and the skipped rows beside it.
    `track(sheet)` may wrap the sheet's rows (a progress bar)."""
    from servicebook.grading import result_files

    check_grade_outputs(sheet_path)
    results, rejects = result_files.results_path(sheet_path), result_files.rejects_path(sheet_path)
    result = grade_file(book, exam_dir, sheet_path, skip_bad_rows=skip_bad_rows, allow_blank=allow_blank,
                        blank_is_zero=blank_is_zero, marking_path=marking_path, track=track)
    if result.grading.rejected:
        result_files.write_rejects(rejects, result)
    result_files.write_results(results, result)
    return GradedSheet(result, results, rejects if result.grading.rejected else None)


def check_grade_outputs(sheet_path: Path) -> None:
    """Refuse, before anything is imported, to write grade's files where the site would publish them."""
    from servicebook.grading import result_files

    refuse_published(result_files.results_path(sheet_path), "成绩明细")
    refuse_published(result_files.rejects_path(sheet_path), "有问题的答卷")


def grade_online(book: Gradebook, exam_dir: Path, answers, *, people=None,
                 marking_path: Path | None = None) -> GradeResult:
    """Grade the answers given on phones (paper code → question number → answer text) like a filled
    answer sheet and import them (logged, undoable; only changes recorded when graded again).

    Everyone who wrote nothing is 缺考. With 情景 questions the marking sheet (default the exam
    folder's scenario-marking.xlsx) supplies the marks and is written again with each typed answer
    in its 作答 column and the marks kept. Raises ProblemsFound (nothing imported) on bad answers or marks.
    """
    from servicebook.grading import keyfix, online, workflow
    from servicebook.grading.marking import FILE_NAME

    manifest, raw = contract.read_manifest(exam_dir)
    keyfix.check_manifest(book, manifest, exam_dir)
    given = online.answer_sheet(manifest, answers, people)
    marks, path = None, marking_path or exam_dir / FILE_NAME
    if online.has_scenarios(manifest):
        refuse_published(path, "情景评分表")  # it carries typed answers: checked before anything is imported
        marks = online.read_marks(manifest, path)
    digest = online.digest(answers, path.read_bytes() if marks and marks.path else b"")
    try:
        result = workflow.grade_and_import(book, manifest, exam_dir, given.sheet, marks, digest,
                                           absent=lambda attempt: not given.answered(attempt))
    except workflow.RowsRejected as error:
        raise workflow.RowsRejected([given.where(p) for p in error.problems]) from error
    if marks is not None:
        online.write_marking(path, raw, given.responses, marks)
    return result


def person_result(book: Gradebook, manifest: contract.Manifest, staff_no: str, context):
    """One person's graded result with each answer that lost points (feedback.Result), or None before grading.

    `context` (grading.keyfiles.load_context) gives explanations and the site's address for section links."""
    from servicebook.grading import feedback

    sitting = book.sitting_of(manifest.exam_id, staff_no)
    if sitting is None or sitting[0] not in manifest.papers:
        return None
    code, total, passed = sitting
    answers = book.answers_of(manifest.exam_id, staff_no) if total is not None else []
    return feedback.result(manifest, code, total, bool(passed), answers, context)


def provisional_result(manifest: contract.Manifest, paper_code: str, staff_no: str, answers, context):
    """A person's result as scored at hand-in, before the exam is graded (the trainer chose to show
    results at submission): the same scoring of the same answers; 情景 waits for the marks (pending)."""
    from servicebook.grading import feedback, online, scoring

    given = online.answer_sheet(manifest, {paper_code: answers}, {paper_code: (staff_no, "")}, only=paper_code)
    grading = scoring.grade_sheet(manifest, given.sheet, None, {})
    if not grading.attempts:
        return None
    attempt = grading.attempts[0]
    numbers = [q.n for q in manifest.papers[paper_code].questions]
    return feedback.result(manifest, paper_code, attempt.total, attempt.total >= manifest.pass_mark - scoring.EPSILON,
                           list(zip(numbers, attempt.answers, attempt.points)), context, pending=True)


def exam_report(book: Gradebook, root: Path, manifest: contract.Manifest, *, out_dir: Path | None = None,
                site_url: str | None = None) -> tuple[Path, Path]:
    """Write one exam's report (HTML and XLSX: scores, item analysis, reliability); returns both paths."""
    from servicebook.grading.reports import exam as exam_module

    return _report(root, out_dir, f"exam-{manifest.exam_id}", exam_module.build, book, manifest,
                   _report_links(root, out_dir, site_url))


def person_report(book: Gradebook, root: Path, staff_no: str, *, out_dir: Path | None = None,
                  site_url: str | None = None) -> tuple[Path, Path]:
    """Write one person's report (every sitting, the pages to revise); returns both paths."""
    from servicebook.grading.reports import person as person_module

    return _report(root, out_dir, f"person-{staff_no}", person_module.build, book, staff_no,
                   _report_links(root, out_dir, site_url))


def _report(root: Path, out_dir: Path | None, stem: str, build, *args) -> tuple[Path, Path]:
    from servicebook.grading import reports

    out_dir = out_dir or root / reports.DEFAULT_DIR
    reports.check_out_dir(root, out_dir)
    html, tables = build(*args)
    return reports.write_report(out_dir, stem, html, tables)


def _report_links(root: Path, out_dir: Path | None, site_url: str | None):
    """Links from a report to each question's bank file and each page on the site."""
    from servicebook.bank.loader import load_bank
    from servicebook.grading import reports
    from servicebook.kb.pages import load_knowledge_base

    project = Project(root)
    bank = load_bank(project.bank_dir) if project.bank_dir.is_dir() else None
    files = {q.id: (str(Path(q.file).resolve()), q.line) for q in bank.questions} if bank else {}
    pages = reports.page_names(load_knowledge_base(project.docs)) if project.docs.is_dir() else {}
    return reports.make_links(root, out_dir or root / reports.DEFAULT_DIR, site_url, files, pages)


def quarter_report(book: Gradebook, root: Path, quarter: str, *, role: str | None = None,
                   project: str | None = None, out_dir: Path | None = None) -> tuple[Path, Path]:
    """Write the quarter report (HTML and XLSX, with the 补考名单); returns both paths."""
    from servicebook.grading import reports
    from servicebook.grading.reports import quarter as quarter_module

    out_dir = out_dir or root / reports.DEFAULT_DIR
    stem = "-".join(filter(None, ["quarter", quarter.upper(), role, project]))
    reports.check_out_dir(root, out_dir)
    html, tables = quarter_module.build(book, quarter.upper(), role, project)
    return reports.write_report(out_dir, stem, html, tables)


# ---- The exam server (server/): opening and closing an exam's window ----

def open_online(book: Gradebook, exam_dir: Path, opens: float, closes: float, now: float | None = None,
                results_at: str | None = None):
    """Open `exam_dir` for sign-in on phones from `opens` to `closes` (epoch seconds): its papers'
    sign-in codes are stored as keyed hashes with the server secret beside the gradebook
    (server/secret.py). `results_at` ("close" or "submit"; None keeps the earlier choice, default
    "close") says when people see their own result. Returns the window; raises ProblemsFound or SecretError."""
    import time

    from servicebook.server import store, windows
    from servicebook.server.secret import load_secret

    window = windows.open_exam(book, exam_dir, opens, closes, load_secret(secret_dir(book)),
                               time.time() if now is None else now)
    if results_at is not None:
        store.set_results_at(book, window.exam_id, results_at)
    return window


def secret_dir(book: Gradebook) -> Path:
    """Where server-secret.key lives: beside the SQLite file; data/ for a PostgreSQL gradebook."""
    return book.path.parent if book.path is not None else Path("data")


def close_online(book: Gradebook, exam_dir: Path, now: float | None = None):
    """Close an exam's window now: no more sign-ins, running attempts are handed in."""
    import time

    from servicebook.server import windows

    return windows.close_exam(book, exam_dir, time.time() if now is None else now)
