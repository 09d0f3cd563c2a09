"""A small throwaway servicebook project built with the real mkdocs.yml (nav removed)."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAGE = """---
title: {title}
id: {id}
category: {category}
roles: [{roles}]
sources: [哈密波尔多小镇物业管理培训报告]
version: "1.0"
effective: 2026-01-01
review_by: {review_by}
---

{body}
"""


def config_without_nav() -> str:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return re.sub(r"(?ms)^nav:\n.*?(?=^\S)", "", text)


def make_project(tmp_path: Path, pages: dict[str, dict], glossary: str = "",
                 bank: dict[str, str] | None = None) -> Path:
    """`bank` maps paths under quizzes/bank/ to the YAML text of question files."""
    root = tmp_path / "fixture-project"
    (root / "docs").mkdir(parents=True)
    (root / "quizzes").mkdir()  # mkdocs.yml watches it for make serve
    # The real synonym table names terms of the real pages; a fixture site has its own few pages.
    shutil.copytree(ROOT / "includes", root / "includes", ignore=shutil.ignore_patterns("search_synonyms.txt"))
    if glossary:
        (root / "includes" / "abbreviations.md").write_text(glossary, encoding="utf-8")
    (root / "mkdocs.yml").write_text(config_without_nav(), encoding="utf-8")
    (root / ".vendor").symlink_to(ROOT / ".vendor")
    (root / "docs" / "index.md").write_text("---\ntitle: 首页\n---\n\n# 首页\n", encoding="utf-8")
    for src, fields in pages.items():
        values = {"category": "投诉处理", "roles": "客服", "review_by": "2099-01-01", **fields}
        values["body"] = textwrap.dedent(values["body"]).strip()
        path = root / "docs" / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(**values), encoding="utf-8")
    for name, text in (bank or {}).items():
        path = root / "quizzes" / "bank" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root
