"""Which questions a role has seen recently: read the manifests of earlier exams (exams/*/manifest.json)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from servicebook import months
from servicebook.exam import contract
from servicebook.errors import ProblemsFound

MANIFEST = contract.MANIFEST
WINDOW_MONTHS = months.WINDOW_MONTHS
months_before = months.before


read_manifest = contract.read_json


def manifest_question_ids(data: dict[str, Any], renamed: Mapping[str, str] | None = None) -> frozenset[str]:
    """The question ids on a manifest's papers; ids renamed since (bank/idmap.py) read as their new ids."""
    renamed = renamed or {}
    return frozenset(renamed.get(q["id"], q["id"]) for paper in data.get("papers", []) for q in paper.get("questions", []))


def recent_question_ids(exams_dir: Path, role: str, month: str, skip: Path | None = None,
                        renamed: Mapping[str, str] | None = None) -> frozenset[str]:
    """Ids of questions on this role's papers in the WINDOW_MONTHS months before `month`.

    Directories that are not exams (no or unreadable manifest) are ignored: they cannot have been
    handed out. `skip` is the exam being replaced, if any."""
    window = set(months_before(month))
    found: set[str] = set()
    if not exams_dir.is_dir():
        return frozenset()
    for path in sorted(exams_dir.glob(f"*/{MANIFEST}")):
        if skip is not None and path.parent.resolve() == skip.resolve():
            continue
        try:
            data = read_manifest(path)
        except ProblemsFound:
            continue
        if data.get("role") == role and data.get("month") in window:
            found |= manifest_question_ids(data, renamed)
    return frozenset(found)
