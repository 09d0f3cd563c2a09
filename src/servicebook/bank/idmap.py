"""Generated question ids renamed by issue 12 (old → new), read wherever old ids may still live.

Until issue 12 a generated id hashed the sentence *and* the fact's value, so editing 10分钟 to
15分钟 made a new question. Ids now follow the sentence's words without the value
(bank/facts.py). `quizzes/renamed-ids.yml` records, once, which old id became which new one (same
fact, same type), so that what was stored under the old ids keeps counting:

- exposure read from earlier exam manifests (January must not reuse December) — exam/exposure.py;
- a make-up for an exam set before the change — cli/exam.py;
- item statistics pooled across exams from the gradebook (bank review);
- the browser's 错题本 / 每日一练 state (localStorage): the map ships in the 每日一练 data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

FILE = "renamed-ids.yml"
_HEADER = ("# 自动生成题目的编号对照（旧编号: 新编号），由 issue 12 的出题程序改版产生，请勿手工修改。\n"
           "# 旧考试清单、成绩库和浏览器中的错题本仍使用旧编号，读取时按此表换成新编号。\n")


def load(quizzes_dir: Path) -> dict[str, str]:
    """The old → new map; empty when the project has none."""
    path = quizzes_dir / FILE
    if not path.is_file():
        return {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    return {str(k): str(v) for k, v in (data.get("renamed") or {}).items()}


def current(question_id: str, renamed: Mapping[str, str]) -> str:
    return renamed.get(question_id, question_id)


def current_ids(ids: Iterable[str], renamed: Mapping[str, str]) -> frozenset[str]:
    return frozenset(renamed.get(i, i) for i in ids)


def build(old_ids: Iterable[str], facts, questions) -> dict[str, str]:
    """Old id → new id for the same fact and the same type (-t 填空, -c 单选), where both exist."""
    old = set(old_ids)
    new = {q.id for q in questions if q.generated}
    renamed = {}
    for fact in facts:
        for suffix in ("-t", "-c"):
            before, after = fact.legacy_base_id + suffix, fact.base_id + suffix
            if before in old and after in new and before != after:
                renamed[before] = after
    return dict(sorted(renamed.items()))


def dump(renamed: Mapping[str, str]) -> str:
    body = yaml.safe_dump({"renamed": dict(renamed)}, allow_unicode=True, sort_keys=True, width=200)
    return _HEADER + body
