"""The exam contract: one format constant and one manifest reader for exposure, grading and key fixes."""

import pytest

from servicebook.errors import ProblemsFound
from servicebook.exam import contract, exposure


def test_one_reader_for_exposure_and_grading(tmp_path):
    assert exposure.read_manifest is contract.read_json
    with pytest.raises(ProblemsFound, match="找不到试卷清单 manifest.json"):
        contract.read_manifest(tmp_path)
    (tmp_path / contract.MANIFEST).write_text('{"format": "servicebook-exam/99"}', encoding="utf-8")
    with pytest.raises(ProblemsFound, match=f"试卷清单格式应为 {contract.FORMAT}"):
        exposure.read_manifest(tmp_path / contract.MANIFEST)


def test_written_format_is_readable_and_rewrite_round_trips(tmp_path):
    assert contract.FORMAT in contract.READABLE and contract.FORMAT.startswith(contract.FORMAT_PREFIX)
    raw = {"format": contract.FORMAT, "exam_id": "2026-12-客服", "month": "2026-12", "role": "客服",
           "pass_mark": 60, "total_points": 100, "papers": [{"code": "P0001", "person": None, "questions": [
               {"n": 1, "id": "q-1", "type": "单选", "points": 2, "options": ["甲", "乙"], "key": "B"}]}]}
    contract.write_manifest(tmp_path, raw)
    manifest, again = contract.read_manifest(tmp_path)
    assert again == raw and manifest.papers["P0001"].questions[0].key == "B"
    assert (tmp_path / contract.MANIFEST).read_text(encoding="utf-8") == contract.to_json(raw)


def test_exam_question_of_is_the_dataclass_with_every_field():
    import dataclasses

    fields = {"n": 3, "id": "q-1", "type": "单选", "points": 2.0, "source": "p#s", "page": "a/p.md", "category": "服务",
              "difficulty": 1, "options": ("甲", "乙"), "key": "B", "items": (), "rubric": (), "stem": "问？",
              "question": None}
    assert {f.name for f in dataclasses.fields(contract.ExamQuestion)} == set(fields)
    made = contract.ExamQuestion.of(fields)
    assert made == contract.ExamQuestion(**fields) and hash(made) == hash(contract.ExamQuestion(**fields))
    assert repr(made) == repr(contract.ExamQuestion(**fields))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.n = 4
