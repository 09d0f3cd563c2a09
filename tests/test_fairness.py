"""The paper-wide fairness check assembly uses (exam.fairness.PaperFairness, sets of words worked out
once per exam) says exactly what the readable rule says (fairness.clashes: same fact, or one stem
printing another question's answer), on a bank built to make both happen often."""

from __future__ import annotations

import random

from test_assemble_golden import bank

from servicebook.bank.questions import Question
from servicebook.exam.fairness import Fairness, clashes, fact_key


def test_the_fast_paper_check_agrees_with_the_rule_on_every_candidate():
    questions = bank(900)
    fairness = Fairness(questions)
    rng = random.Random(20261201)
    checked = clashing = 0
    for _ in range(60):
        on_paper = rng.sample(questions, rng.randint(0, 25))
        paper = fairness.paper(on_paper)
        facts = {fact_key(q) for q in on_paper}
        assert paper.facts == facts
        for candidate in rng.sample(questions, 80):
            expected = clashes(candidate, on_paper, facts)
            assert paper.clashes(candidate) == expected, (candidate.id, [q.id for q in on_paper])
            assert paper.repeats_fact(candidate) == (fact_key(candidate) in facts)
            checked += 1
            clashing += expected
    # Both answers happen often enough for the comparison to mean something.
    assert checked > 0 and 0.1 < clashing / checked < 0.9, clashing / checked


def test_the_fast_check_agrees_with_the_rule_on_every_pair_of_questions():
    questions = bank(360)
    fairness = Fairness(questions)
    reasons = {"fact": 0, "printed": 0}
    for other in questions:
        paper = fairness.paper([other])
        facts = {fact_key(other)}
        for candidate in questions:
            if candidate is other:
                continue
            expected = clashes(candidate, [other], facts)
            assert paper.clashes(candidate) == expected, (candidate.id, other.id)
            if expected:
                reasons["fact" if fact_key(candidate) in facts else "printed"] += 1
    # Both reasons occur: the printed-answer sets are compared, not only the facts.
    assert reasons["fact"] > 0 and reasons["printed"] > 0, reasons


def _question(qid: str, source: str, **fields) -> Question:
    return Question(id=qid, stem=fields.pop("stem", f"关于{qid}的规定？"), explanation="依据服务标准。", source=source,
                    roles=("客服",), difficulty=1, points=2, **fields)


def test_a_short_or_numeric_answer_counts_only_within_its_section_in_both_checks():
    blank = _question("blank", "repairs#s1", type="填空", stem="紧急报修___内到场。", answer=("10分钟",))
    same = _question("same", "repairs#s1", type="单选", stem="紧急报修10分钟内到场，对吗？", options=("是", "否"), answer=("A",))
    elsewhere = _question("elsewhere", "phone#s2", type="单选", stem="来电10分钟内回电，对吗？", options=("是", "否"), answer=("A",))
    named = _question("named", "care#s3", type="填空", stem="投诉处理实行___。", answer=("首问负责制",))
    printing = _question("printing", "phone#s2", type="单选", stem="首问负责制的要求是什么？", options=("甲", "乙"), answer=("A",))
    fairness = Fairness([blank, same, elsewhere, named, printing])
    cases = [(blank, same, True), (same, blank, True), (blank, elsewhere, False), (elsewhere, blank, False),
             (named, printing, True), (printing, named, True)]  # a long answer counts in any section
    for candidate, other, expected in cases:
        assert clashes(candidate, [other], {fact_key(other)}) is expected, (candidate.id, other.id)
        assert fairness.paper([other]).clashes(candidate) is expected, (candidate.id, other.id)
