"""Ids renamed by issue 12: old manifests, make-ups and browser state keep counting under the new ids."""

from __future__ import annotations

import json
from pathlib import Path

from servicebook.bank import idmap
from servicebook.check import Project, check_site
from servicebook.bank.generate import extract_facts, generated_questions
from servicebook.exam import exposure
from servicebook.site import practice

ROOT = Path(__file__).resolve().parents[1]


def test_the_shipped_map_names_only_current_questions():
    renamed = idmap.load(ROOT / "quizzes")
    assert renamed, "quizzes/renamed-ids.yml is missing"
    kb, _ = check_site(Project(ROOT))
    current = {q.id for q in generated_questions(kb)}
    legacy = {f.legacy_base_id for f in extract_facts(kb)}
    assert set(renamed.values()) <= current
    assert {old[:-2] for old in renamed} <= legacy  # every old id is a fact's id before issue 12
    assert all(old[-2:] == new[-2:] for old, new in renamed.items())  # same type


def test_exposure_reads_old_manifests_under_the_new_ids(tmp_path):
    exam = tmp_path / "2026-12-客服"
    exam.mkdir()
    manifest = {"format": exposure.FORMAT, "role": "客服", "month": "2026-12", "exam_id": "2026-12-客服",
                "papers": [{"questions": [{"id": "gen-x-aaaaaaaaaaaa-t"}, {"id": "ten-steps-001"}]}]}
    (exam / exposure.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    renamed = {"gen-x-aaaaaaaaaaaa-t": "gen-x-bbbbbbbbbb-t"}
    recent = exposure.recent_question_ids(tmp_path, "客服", "2027-01", renamed=renamed)
    assert recent == {"gen-x-bbbbbbbbbb-t", "ten-steps-001"}
    assert exposure.recent_question_ids(tmp_path, "客服", "2027-01") == {"gen-x-aaaaaaaaaaaa-t", "ten-steps-001"}


def test_daily_data_carries_the_hashes_the_browser_needs():
    renamed = {"gen-ten-steps-aaaaaaaaaaaa-t": "gen-ten-steps-bbbbbbbbbb-t",
               "gen-ten-steps-aaaaaaaaaaaa-c": "gen-ten-steps-bbbbbbbbbb-c"}
    assert practice.renamed_hashes(renamed) == {"aaaaaaaaaaaa": "bbbbbbbbbb"}


def test_map_round_trips(tmp_path):
    (tmp_path / idmap.FILE).write_text(idmap.dump({"gen-a-1-t": "gen-a-2-t"}), encoding="utf-8")
    assert idmap.load(tmp_path) == {"gen-a-1-t": "gen-a-2-t"}
    assert idmap.load(tmp_path / "none") == {}
