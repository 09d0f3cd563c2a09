"""Correct an exam's answer key: manifest.json, the files that show the key, and the stored scores, together.

Write order: the new manifest and key files go to temporary files first, then the gradebook
commits (re-scores, logs the correction and records in `key_state` what each paper's key must now
be), then the files are swapped in. If the swap never happens, `check_manifest` sees the manifest
disagree with `key_state` and grading refuses it; running the same correction again then only
rewrites the files (the scores are not re-computed twice).
"""

from __future__ import annotations

import json
import os
import tempfile
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from servicebook.exam import contract
from servicebook.errors import Problem, ProblemsFound
from servicebook.grading import keyfiles, oplog, scoring
from servicebook.grading.gradebook import Gradebook, now
from servicebook.grading.scoring import EPSILON, LETTERS, KeyFixError
from servicebook.exam.contract import Manifest
from servicebook.paths import display_path


@dataclass(frozen=True)
class KeyFixResult:
    question_id: str
    old_key: str
    new_key: str
    paper_keys: dict[str, str]  # paper code → the key as printed on that paper, with the option text
    rescored: int = 0  # stored answers re-scored
    changed: int = 0  # people whose total changed
    op_id: int | None = None  # None: nothing to do (the key already was this), or only the files were repaired
    repaired: bool = False  # the manifest lagged behind the gradebook and has been rewritten


def _plain(key) -> object:
    """A key as JSON data, whether from a raw manifest or a typed one (tuples)."""
    return json.loads(json.dumps(key))


def keys_on_papers(raw: dict, question_id: str) -> dict[str, object]:
    return {p["code"]: _plain(q.get("key")) for p in raw["papers"] for q in p["questions"] if q["id"] == question_id}


def shown_keys(raw: dict, question_id: str) -> dict[str, str]:
    """Each paper's key as printed there: letters with their option texts, or the answer itself."""
    shown = {}
    for paper in raw["papers"]:
        for q in paper["questions"]:
            if q["id"] != question_id:
                continue
            key, pool = q.get("key"), q.get("options") or q.get("items") or []
            if q["type"] in ("单选", "多选", "排序"):
                shown[paper["code"]] = f"{key}（{'、'.join(pool[LETTERS.index(c)] for c in key)}）"
            elif q["type"] == "填空":
                shown[paper["code"]] = "；".join("|".join(blank) for blank in key)
            else:
                shown[paper["code"]] = str(key)
    return shown


def answer_from_options(raw: dict, question_id: str, texts: tuple[str, ...], paper: str | None) -> str:
    """Letters (on the reference paper) of the options given by their text."""
    entries = [(p["code"], q) for p in raw["papers"] for q in p["questions"] if q["id"] == question_id]
    ref = next((q for code, q in entries if paper in (None, code)), None)
    if ref is None:
        raise KeyFixError(f"试卷 {paper} 中没有题目 {question_id}。" if entries and paper
                          else f"题目 {question_id} 不在本次考试（{raw.get('exam_id')}）中。")
    pool = ref.get("options") if ref["type"] in ("单选", "多选") else None
    if not pool:
        raise KeyFixError(f"--option 只用于单选题和多选题；{question_id} 是{ref['type']}题，请直接写答案。")
    norm = {unicodedata.normalize("NFKC", o).strip(): LETTERS[i] for i, o in enumerate(pool)}
    letters = []
    for text in texts:
        letter = norm.get(unicodedata.normalize("NFKC", text).strip())
        if letter is None:
            raise KeyFixError(f"题目 {question_id} 没有选项“{text}”；选项为：{'、'.join(pool)}。")
        letters.append(letter)
    return "".join(letters)


def fix_key(book: Gradebook, exam_dir: Path, question_id: str, answer: str | None = None, *,
            options: tuple[str, ...] = (), paper: str | None = None,
            context: keyfiles.KeyContext | None = None) -> KeyFixResult:
    """Correct one question's key everywhere; raises KeyFixError or ProblemsFound when it cannot."""
    manifest, raw = contract.read_manifest(exam_dir)
    if options:
        answer = answer_from_options(raw, question_id, options, paper)
    if not answer:
        raise KeyFixError("请给出正确答案：字母（如 C，按 --paper 指定试卷上的字母）或 --option 选项文字。")
    new_raw, old_key, new_key = scoring.corrected_manifest(raw, question_id, answer, paper)
    before, after = keys_on_papers(raw, question_id), keys_on_papers(new_raw, question_id)
    result = KeyFixResult(question_id, old_key, new_key, shown_keys(new_raw, question_id))
    if before == after:
        return result
    recorded = _recorded(book, manifest.exam_id, question_id)
    files = _staged(exam_dir, new_raw, context)
    try:
        if recorded == after:  # the gradebook has it already: only the files were not swapped in
            _swap(exam_dir, files)
            return replace(result, repaired=True)
        new_manifest = contract.parse_manifest(new_raw, manifest.file)
        with book.transaction() as db:
            details = {"exam_dir": str(exam_dir.resolve()), "question_id": question_id, "old_key": old_key,
                       "new_key": new_key, "before": before, "after": after}
            op_id = oplog.record(db, "fix-key", manifest.exam_id, f"{question_id}：{old_key} → {new_key}", details, {})
            snapshot = _rescore(db, new_manifest, question_id, old_key, new_key)
            snapshot["key_state"] = recorded
            _set_key_state(db, manifest.exam_id, question_id, after, op_id)
            db.execute("UPDATE operations SET snapshot = ? WHERE op_id = ?", (oplog.dumps(snapshot), op_id))
        _swap(exam_dir, files)
    finally:
        _discard(files)
    return replace(result, rescored=snapshot["rescored"], changed=len(snapshot["scores"]), op_id=op_id)


def _recorded(book: Gradebook, exam_id: str, question_id: str) -> dict | None:
    keys = book.key_state(exam_id, question_id)
    return json.loads(keys) if keys is not None else None


def _set_key_state(db, exam_id: str, question_id: str, keys: dict, op_id: int) -> None:
    db.execute("INSERT INTO key_state VALUES (?, ?, ?, ?) ON CONFLICT (exam_id, question_id) DO UPDATE SET"
               " keys = excluded.keys, op_id = excluded.op_id",
               (exam_id, question_id, json.dumps(keys, ensure_ascii=False), op_id))


def _rescore(db, manifest: Manifest, question_id: str, old_key: str, new_key: str) -> dict:
    """Re-score every stored answer to the question; returns the old values for undo."""
    stamp = now()
    exam_id = manifest.exam_id
    if not db.execute("SELECT 1 FROM exams WHERE exam_id = ?", (exam_id,)).fetchone():
        return {"erratum_id": None, "responses": [], "scores": [], "rescored": 0}
    erratum = db.execute("INSERT INTO key_errata (exam_id, question_id, old_key, new_key, changed_at)"
                         " VALUES (?, ?, ?, ?, ?) RETURNING erratum_id",
                         (exam_id, question_id, old_key, new_key, stamp)).fetchone()[0]
    rows = db.execute(
        "SELECT r.score_id, r.n, r.answer, r.points, s.paper_code, s.staff_no, s.total, s.passed FROM responses r"
        " JOIN scores s USING (score_id) JOIN items i USING (item_id)"
        " WHERE i.exam_id = ? AND i.question_id = ?", (exam_id, question_id)).fetchall()
    by_paper = {code: next((q for q in p.questions if q.id == question_id), None)
                for code, p in manifest.papers.items()}
    updates, totals, changes, old_responses, old_scores = [], [], [], [], []
    for score_id, n, answer, old, paper, staff_no, total, passed in rows:
        question = by_paper.get(paper)
        new = 0.0 if question is None else scoring.score_answer(
            question, answer, scoring.policy_for(manifest, question.type)).points
        if abs(new - old) <= EPSILON:
            continue
        new_total = round(total - old + new, 6)
        updates.append((new, score_id, n))
        totals.append((new_total, int(new_total >= manifest.pass_mark - EPSILON), score_id))
        changes.append((exam_id, staff_no, question_id, old, new, total, new_total, erratum, stamp))
        old_responses.append([score_id, n, old])
        old_scores.append([score_id, total, passed])
    db.executemany("UPDATE responses SET points = ? WHERE score_id = ? AND n = ?", updates)
    db.executemany("UPDATE scores SET total = ?, passed = ? WHERE score_id = ?", totals)
    db.executemany(
        "INSERT INTO score_changes (exam_id, staff_no, question_id, old_points, new_points, old_total,"
        " new_total, reason, erratum_id, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, '更正答案', ?, ?)", changes)
    return {"erratum_id": erratum, "responses": old_responses, "scores": old_scores, "rescored": len(rows)}


# ---- Files: staged beside their targets, swapped in after the gradebook commits ----

def _staged(exam_dir: Path, raw: dict, context: keyfiles.KeyContext | None) -> dict[Path, Path]:
    contents = {contract.MANIFEST: contract.to_json(raw).encode()}
    if context is not None:
        contents.update({name: data for name, data in keyfiles.render_key_files(raw, context).items()
                         if (exam_dir / name).exists()})
    staged: dict[Path, Path] = {}
    try:
        for name, data in contents.items():
            target = exam_dir / name
            fd, tmp = tempfile.mkstemp(dir=exam_dir, prefix=f".{name}.", suffix=".tmp")
            staged[target] = Path(tmp)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
    except BaseException:
        _discard(staged)
        raise
    return staged


def _swap(exam_dir: Path, staged: dict[Path, Path]) -> None:
    for target, tmp in staged.items():  # manifest.json first: it is what grading trusts
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)


def _discard(staged: dict[Path, Path]) -> None:
    for tmp in staged.values():
        tmp.unlink(missing_ok=True)


# ---- Grading trusts a manifest only if it agrees with the recorded corrections ----

def check_manifest(book: Gradebook, manifest: Manifest, exam_dir: Path) -> None:
    for question_id, keys, op_id in book.key_states(manifest.exam_id):
        expected = json.loads(keys)
        actual = {code: _plain(q.key) for code, p in manifest.papers.items() for q in p.questions
                  if q.id == question_id}
        if actual != expected:
            code = sorted(expected)[0]
            want = expected[code] if isinstance(expected[code], str) else "；".join("|".join(b) for b in expected[code])
            raise ProblemsFound([Problem(
                manifest.file, 0, f"题目 {question_id} 的答案与成绩库记录的更正（第 {op_id} 号操作）不一致："
                f"试卷清单还没有写入那次更正，不能用它阅卷。",
                f"重新运行同一条更正，补写试卷清单和答案文件（成绩不会重复计算）：servicebook exam fix-key "
                f"{display_path(exam_dir)} {question_id} \"{want}\" --paper {code}")])


# ---- Undo ----

def undo_fix_key(book: Gradebook, op: oplog.Operation, snapshot: dict, load_context) -> str:
    details = op.details
    exam_dir = Path(details["exam_dir"])
    try:
        _, raw = contract.read_manifest(exam_dir)
    except ProblemsFound as error:
        raise KeyFixError(f"撤销第 {op.op_id} 号操作（更正答案）需要同时改回试卷清单，但{error}") from error
    for paper in raw["papers"]:
        for q in paper["questions"]:
            if q["id"] == details["question_id"] and paper["code"] in details["before"]:
                q["key"] = details["before"][paper["code"]]
    files = _staged(exam_dir, raw, load_context())
    try:
        with book.transaction() as db:
            db.executemany("UPDATE responses SET points = ? WHERE score_id = ? AND n = ?",
                           [(points, sid, n) for sid, n, points in snapshot["responses"]])
            db.executemany("UPDATE scores SET total = ?, passed = ? WHERE score_id = ?",
                           [(total, passed, sid) for sid, total, passed in snapshot["scores"]])
            if snapshot["erratum_id"] is not None:
                db.execute("DELETE FROM score_changes WHERE erratum_id = ?", (snapshot["erratum_id"],))
                db.execute("DELETE FROM key_errata WHERE erratum_id = ?", (snapshot["erratum_id"],))
            undo_id = oplog.finish_undo(db, op, f"撤销第 {op.op_id} 号操作（{op.label}：{op.summary}）")
            _set_key_state(db, op.exam_id, details["question_id"], details["before"], undo_id)
        _swap(exam_dir, files)
    finally:
        _discard(files)
    return (f"题目 {details['question_id']} 的答案已改回 {details['old_key']}，"
            f"{len(snapshot['scores'])} 人的成绩已恢复；试卷清单和答案文件已同步。")
