"""scripts/question_audit.py measures papers with the library's own fairness rule, not a copy of it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from servicebook.bank.questions import Question

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "question_audit.py"


def load_script():
    spec = importlib.util.spec_from_file_location("question_audit", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def question(qid: str, stem: str, answer: tuple[str, ...] = ("对",), qtype: str = "判断") -> Question:
    return Question(id=qid, type=qtype, stem=stem, explanation="见页面。", source="p#a", roles=("客服",),
                    difficulty=1, points=2, use="both", answer=answer)


def test_a_stem_printing_any_accepted_spelling_of_a_blank_gives_it_away():
    audit = load_script()
    blank = question("t-1", "接报后____内回应。", ("10分钟|十分钟",), "填空")
    assert audit.gives_away(blank, question("j-1", "接报后应在十分钟内回应。"))  # the second spelling
    assert audit.gives_away(blank, question("j-2", "接报后应在10分钟内回应。"))
    assert not audit.gives_away(blank, question("j-3", "接报后应当立即登记。"))
