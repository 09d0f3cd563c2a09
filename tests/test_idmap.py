"""Ids renamed by issue 12: old manifests, make-ups and browser state keep counting under the new ids."""

from __future__ import annotations

import json
import re
from pathlib import Path

from servicebook.bank import idmap
from servicebook.check import Project, check_site
from servicebook.bank.generate import extract_facts, generated_questions
from servicebook.exam import contract, exposure
from servicebook.site import practice
from test_generate import LIMITS, kb_with

ROOT = Path(__file__).resolve().parents[1]


def test_the_shipped_map_pairs_old_and_new_ids_of_one_page_and_type():
    renamed = idmap.load(ROOT / "quizzes")
    assert renamed, "quizzes/renamed-ids.yml is missing"
    old_form, new_form = re.compile(r"^gen-(.+)-[0-9a-f]{12}-([tc])$"), re.compile(r"^gen-(.+)-[0-9a-f]{10}-([tc])$")
    for old, new in renamed.items():
        assert old_form.match(old).groups() == new_form.match(new).groups()


def test_the_map_follows_a_fact_from_its_old_id_to_its_new_one(tmp_path):
    kb = kb_with(tmp_path, {"limits": LIMITS})
    facts = extract_facts(kb)
    questions = generated_questions(kb)
    old_ids = [f.legacy_base_id + "-t" for f in facts] + ["gen-limits-000000000000-c"]
    renamed = idmap.build(old_ids, facts, questions)
    assert len(renamed) == len(facts)
    assert set(renamed.values()) <= {q.id for q in questions}
    first = facts[0]
    assert renamed[first.legacy_base_id + "-t"] == first.base_id + "-t"


def test_exposure_reads_old_manifests_under_the_new_ids(tmp_path):
    exam = tmp_path / "2026-12-客服"
    exam.mkdir()
    manifest = {"format": contract.FORMAT, "role": "客服", "month": "2026-12", "exam_id": "2026-12-客服",
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
