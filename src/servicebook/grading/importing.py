"""Store a graded sheet in the gradebook, keyed on content per (person, exam), and undo such an import.

Importing sets each person on the sheet to what the sheet says for that exam: a score with its
answers, or 缺考 (absent). People whose stored result is already exactly that are left alone, so
importing the same content again changes nothing, and importing an earlier sheet again brings its
scores back. Absent people live in `absences`, never in `scores`, so no average or pass rate counts them.
"""

from __future__ import annotations

from dataclasses import dataclass

from servicebook.grading import oplog
from servicebook.grading.gradebook import Gradebook, now
from servicebook.grading.scoring import EPSILON, Attempt
from servicebook.exam.contract import Manifest

REPLACE_REASON = "重新导入答题卡"


@dataclass(frozen=True)
class Change:
    """One person whose stored result the import changed."""

    staff_no: str
    name: str
    before: str | None  # "45" or "缺考"; None when there was no earlier result
    after: str


@dataclass(frozen=True)
class ImportOutcome:
    op_id: int | None  # None: the gradebook already said exactly this, nothing was written
    added: int  # people with no earlier result in this exam
    replaced: int  # people whose earlier result the sheet changed
    unchanged: int
    changes: tuple[Change, ...] = ()  # the replaced people, from → to


def result_text(total: float | None) -> str:
    return "缺考" if total is None else f"{total:g}"


def import_attempts(book: Gradebook, manifest: Manifest, exam_dir: str, sheet_file: str, sha256: str,
                    rows: int, attempts: list[Attempt], absent: set[str] = frozenset()) -> ImportOutcome:
    """Set every person on the sheet to what the sheet says, in one transaction, logged for undo.

    `absent` holds the 工号 of attempts to record as 缺考 instead of a score."""
    exam_id = manifest.exam_id
    wanted = {a.staff_no for a in attempts}
    scores = {no: row for no, *row in book.exam_scores(exam_id) if no in wanted}
    recorded = [row for row in book.absence_papers(exam_id) if row[0] in wanted]
    absences = {no: paper for no, paper, _ in recorded}
    absent_ops = {no: op for no, _, op in recorded}
    responses = _responses(book, exam_id, {row[0] for row in scores.values()}) if scores else {}
    added, changed, changes = [], [], []
    for a in attempts:
        old = scores.get(a.staff_no)
        if old is None and a.staff_no not in absences:
            added.append(a)
        elif not _same(a, a.staff_no in absent, old, absences.get(a.staff_no), responses):
            changed.append(a)
            changes.append(Change(a.staff_no, a.name, result_text(old[2] if old else None),
                                  result_text(None if a.staff_no in absent else a.total)))
    outcome = ImportOutcome(None, len(added), len(changed), len(attempts) - len(added) - len(changed),
                            tuple(changes))
    if not added and not changed:
        return outcome
    people = [(a.staff_no, _prior(scores.get(a.staff_no), absences.get(a.staff_no), responses,
                                  absent_ops.get(a.staff_no)))
              for a in added + changed]
    stamp = now()
    with book.transaction() as db:
        op_id = oplog.record(db, "import", exam_id, f"{sheet_file}：新增 {len(added)} 人，更新 {len(changed)} 人"
                             + (f"（其中缺考 {len(absent & wanted)} 人）" if absent & wanted else ""),
                             {"file": sheet_file, "sha256": sha256, "exam_dir": exam_dir}, {})
        staff_snapshot = _store_staff(db, manifest, attempts)  # first: papers refer to staff
        exam_snapshot = _store_exam(db, manifest, exam_dir, stamp)
        import_id = db.execute(
            "INSERT INTO import_log (exam_id, file, sha256, imported_at, rows, added, replaced)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING import_id",
            (exam_id, sheet_file, sha256, stamp, rows, len(added), len(changed))).fetchone()[0]
        db.executemany("DELETE FROM scores WHERE exam_id = ? AND staff_no = ?", [(exam_id, no) for no, _ in people])
        db.executemany("DELETE FROM absences WHERE exam_id = ? AND staff_no = ?", [(exam_id, no) for no, _ in people])
        fresh = added + changed
        sat = [a for a in fresh if a.staff_no not in absent]
        db.executemany("INSERT INTO absences VALUES (?, ?, ?, ?)",
                       [(exam_id, a.staff_no, a.paper, op_id) for a in fresh if a.staff_no in absent])
        first = db.execute("SELECT coalesce(max(score_id), 0) FROM scores").fetchone()[0] + 1
        db.executemany("INSERT INTO scores VALUES (?, ?, ?, ?, ?, ?, ?)", (
            (first + i, exam_id, a.staff_no, a.paper, a.total, int(a.total >= manifest.pass_mark - EPSILON), import_id)
            for i, a in enumerate(sat)))
        db.executemany("INSERT INTO responses VALUES (?, ?, ?, ?, ?)",
                       _response_rows(manifest, sat, first, exam_snapshot.pop("items")))
        db.executemany(
            "INSERT INTO score_changes (exam_id, staff_no, old_total, new_total, reason, import_id, changed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(exam_id, a.staff_no, scores[a.staff_no][2], a.total, REPLACE_REASON, import_id, stamp)
             for a in changed if a.staff_no in scores and a.staff_no not in absent])
        snapshot = {"import_id": import_id, "people": people, "staff": staff_snapshot, **exam_snapshot}
        db.execute("UPDATE operations SET snapshot = ? WHERE op_id = ?", (oplog.dumps(snapshot), op_id))
    return ImportOutcome(op_id, outcome.added, outcome.replaced, outcome.unchanged, outcome.changes)


def _responses(book: Gradebook, exam_id: str, score_ids: set[int]) -> dict[int, list[tuple]]:
    found: dict[int, list[tuple]] = {}
    for score_id, n, item_id, answer, points in book.exam_responses(exam_id):
        if score_id in score_ids:
            found.setdefault(score_id, []).append((n, item_id, answer, points))
    return found


def _same(attempt: Attempt, now_absent: bool, score, absent_paper, responses) -> bool:
    if now_absent or absent_paper is not None:
        return now_absent and absent_paper == attempt.paper
    score_id, paper, total = score[0], score[1], score[2]
    stored = responses.get(score_id, [])
    return (paper == attempt.paper and abs(total - attempt.total) <= EPSILON
            and [r[2] for r in stored] == attempt.answers
            and all(abs(r[3] - p) <= EPSILON for r, p in zip(stored, attempt.points)))


def _prior(score, absent_paper, responses, absent_op: int | None = None) -> dict | None:
    """What one person had before, as stored in the operation's snapshot."""
    if score is not None:
        return {"score": list(score), "responses": [list(r) for r in responses.get(score[0], [])]}
    if absent_paper is not None:
        return {"absent": absent_paper, "op_id": absent_op}
    return None


def _store_exam(db, manifest: Manifest, exam_dir: str, stamp: str) -> dict:
    """Insert or update the exam, its items and papers; returns what undo needs to put back."""
    exam_id = manifest.exam_id
    before = db.execute("SELECT * FROM exams WHERE exam_id = ?", (exam_id,)).fetchone()
    old_items = {qid: (item_id, stem) for qid, item_id, stem in db.execute(
        "SELECT question_id, item_id, stem FROM items WHERE exam_id = ?", (exam_id,))}
    old_papers = {code for (code,) in db.execute("SELECT code FROM papers WHERE exam_id = ?", (exam_id,))}
    db.execute(
        "INSERT INTO exams VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (exam_id) DO UPDATE SET"
        " pass_mark = excluded.pass_mark, total_points = excluded.total_points, exam_dir = excluded.exam_dir",
        (exam_id, manifest.kind, manifest.month, manifest.role, manifest.title, manifest.seed,
         manifest.bank_fingerprint, manifest.pass_mark, manifest.total_points, exam_dir, stamp))
    questions = {q.id: q for paper in manifest.papers.values() for q in paper.questions}
    db.executemany("INSERT INTO items (exam_id, question_id, type, points, source, page, category,"
                   " difficulty, stem) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                   " ON CONFLICT (exam_id, question_id) DO UPDATE SET stem = excluded.stem WHERE excluded.stem <> ''",
                   [(exam_id, q.id, q.type, q.points, q.source, q.page, q.category, q.difficulty, q.stem)
                    for q in questions.values()])
    new_papers = [(exam_id, p.code, p.person.get("工号") if p.person else None)
                  for p in manifest.papers.values() if p.code not in old_papers]
    db.executemany("INSERT INTO papers VALUES (?, ?, ?)", new_papers)
    items = dict(db.execute("SELECT question_id, item_id FROM items WHERE exam_id = ?", (exam_id,)))
    return {"items": items, "exam_before": list(before) if before else None,
            "items_added": [item_id for qid, item_id in items.items() if qid not in old_items],
            "stems_before": [[item_id, stem] for qid, (item_id, stem) in old_items.items()
                             if questions.get(qid) and questions[qid].stem and questions[qid].stem != stem],
            "papers_added": [code for _, code, _ in new_papers]}


def _store_staff(db, manifest: Manifest, attempts: list[Attempt]) -> list:
    """Add or update the people named by the papers and the sheet; returns their earlier rows (None: new)."""
    known = {no: (name, post, project, active) for no, name, post, project, active in db.execute(
        "SELECT staff_no, name, post, project, active FROM staff")}
    rows = {}
    for paper in manifest.papers.values():
        if paper.person and paper.person.get("工号"):
            p = paper.person
            rows[p["工号"]] = (p.get("姓名", ""), p.get("岗位", ""), p.get("项目", ""))
    for a in attempts:
        if a.staff_no not in rows:
            old = known.get(a.staff_no) or ("", "", "", 1)
            rows[a.staff_no] = (a.name or old[0], old[1] or a.post, old[2] or a.project)
    changed = {no: row for no, row in rows.items() if known.get(no, ())[:3] != row}
    db.executemany("INSERT INTO staff (staff_no, name, post, project) VALUES (?, ?, ?, ?) ON CONFLICT (staff_no)"
                   " DO UPDATE SET name = excluded.name, post = excluded.post, project = excluded.project",
                   [(no, *row) for no, row in changed.items()])
    return [[no, list(known[no]) if no in known else None] for no in changed]


def _response_rows(manifest: Manifest, attempts: list[Attempt], first: int, items: dict[str, int]):
    for offset, attempt in enumerate(attempts):
        score_id = first + offset
        for question, answer, points in zip(manifest.papers[attempt.paper].questions, attempt.answers,
                                            attempt.points):
            yield score_id, question.n, items[question.id], answer, points


# ---- Undo ----

def undo_import(book: Gradebook, op: oplog.Operation, snapshot: dict, load_context=None) -> str:
    exam_id = op.exam_id
    people = snapshot["people"]
    with book.transaction() as db:
        db.executemany("DELETE FROM scores WHERE exam_id = ? AND staff_no = ?", [(exam_id, no) for no, _ in people])
        db.executemany("DELETE FROM absences WHERE exam_id = ? AND staff_no = ?", [(exam_id, no) for no, _ in people])
        db.executemany("INSERT INTO scores VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [(prior["score"][0], exam_id, no, *prior["score"][1:]) for no, prior in people
                        if prior and "score" in prior])
        db.executemany("INSERT INTO responses VALUES (?, ?, ?, ?, ?)",
                       [(prior["score"][0], *r) for _, prior in people if prior and "score" in prior
                        for r in prior["responses"]])
        db.executemany("INSERT INTO absences VALUES (?, ?, ?, ?)",
                       [(exam_id, no, prior["absent"], prior.get("op_id")) for no, prior in people if prior and "absent" in prior])
        db.execute("DELETE FROM score_changes WHERE import_id = ?", (snapshot["import_id"],))
        db.execute("DELETE FROM import_log WHERE import_id = ?", (snapshot["import_id"],))
        db.executemany("DELETE FROM papers WHERE exam_id = ? AND code = ?",
                       [(exam_id, code) for code in snapshot["papers_added"]])
        db.executemany("DELETE FROM items WHERE item_id = ?", [(i,) for i in snapshot["items_added"]])
        db.executemany("UPDATE items SET stem = ? WHERE item_id = ?", [(s, i) for i, s in snapshot["stems_before"]])
        before = snapshot["exam_before"]
        if before is None:
            db.execute("DELETE FROM exams WHERE exam_id = ?", (exam_id,))
        else:
            db.execute("UPDATE exams SET pass_mark = ?, total_points = ?, exam_dir = ? WHERE exam_id = ?",
                       (before[7], before[8], before[9], exam_id))
        restore_staff(db, snapshot["staff"])
        oplog.finish_undo(db, op, f"撤销第 {op.op_id} 号操作（{op.label}：{op.summary}）")
    return f"已恢复 {len(people)} 人在考试 {exam_id} 中导入前的成绩。"


def restore_staff(db, staff: list) -> None:
    db.executemany("DELETE FROM staff WHERE staff_no = ?", [(no,) for no, prior in staff if prior is None])
    db.executemany("UPDATE staff SET name = ?, post = ?, project = ?, active = ? WHERE staff_no = ?",
                   [(*prior, no) for no, prior in staff if prior is not None])
