"""Measure question quality on real papers (issue 12, "Measured" list).

Run: .venv/bin/python scripts/question_audit.py [--root .] [--months 3] [--people 20]

Assembles, for every role, the first `--months` months of the training plan with `--people`
per-person papers each, the way `servicebook exam new` does (the same library calls: plan,
blueprint, checked bank + generated questions, exposure read back from the earlier months'
manifests, default seed), then prints every figure of the issue's list:

- papers that ask one fact twice: two questions from the same highlighted sentence, or one
  question's answer printed in another's stem;
- papers whose 判断 (2 or more) are all keyed alike;
- 多选 keyed "every option but one" (drawn, and in the bank; how often the odd one out is last);
- generated 填空 drawn whose stem has under 12 characters of its own (the 【页名 · 节名】 lead-in
  does not count) and no lead-in; generated blanks whose answer is longer than 8 characters;
- the answer-letter distribution of the 单选 shown in 自测;
- exam-only authored questions word for word equal to a generated practice question.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from servicebook.bank.generate import generated_questions
from servicebook.bank.questions import LETTERS, Question
from servicebook.check import Project, check_bank, check_site
from servicebook.exam import exposure
from servicebook.exam.assemble import assemble, default_seed
from servicebook.exam.blueprint import load_blueprint
from servicebook.exam.fairness import gives_away  # the rule assembly keeps: b's stem prints a's answer
from servicebook.exam.plan import load_plan
from servicebook.exam.render import page_refs
from servicebook.exam.render.manifest import render_manifest
from servicebook.exam.roster import Person
from servicebook.kb.schema import ROLE_SLUGS
from servicebook.site import practice

LEAD_IN = re.compile(r"^【[^】]*】")
_PUNCT = re.compile(r"[\s，。、；：？！,.;:?!“”\"'（）()【】·_　]+")


def bare(text: str) -> str:
    """Text without the lead-in, blanks, punctuation and spaces (for word-for-word comparisons)."""
    return _PUNCT.sub("", LEAD_IN.sub("", text))


def own_stem(question: Question) -> str:
    return LEAD_IN.sub("", question.stem).strip()


def fact_of(question: Question) -> str | None:
    """The highlighted sentence a question was written from (None when unknown)."""
    fact = getattr(question, "fact", None)
    if fact:
        return fact
    if question.generated:  # before `fact` existed: the explanation quotes the sentence
        return f"{question.source}|{question.explanation}"
    return None


def answers(question: Question) -> list[str]:
    """The right answer(s) as they would be printed or typed."""
    if question.type == "单选":
        return [question.options[LETTERS.index(question.answer[0])]]
    if question.type == "多选":
        return [question.options[LETTERS.index(a)] for a in question.answer]
    if question.type == "填空":
        return [question.accepted(i)[0] for i in range(len(question.answer))]
    return []


def audit_papers(project: Project, months: int, people: int) -> dict:
    kb, _ = check_site(project)
    bank, problems = check_bank(project, kb)
    if any(not p.warning for p in problems):
        sys.exit("题库检查未通过：先运行 servicebook check。")
    questions = [q for q in bank.questions + generated_questions(kb) if q.id not in getattr(bank, "retired", ())]
    plan = load_plan(project.root / project.quizzes_dir / "plan.yml")
    refs = page_refs(kb)
    roster = [Person(f"A{i:03d}", f"测试{i:02d}", "", "") for i in range(1, people + 1)]
    papers, drawn, tf_pools, exams = [], {}, [], []
    with tempfile.TemporaryDirectory() as temp:
        exams_dir = Path(temp)
        for role, slug in ROLE_SLUGS.items():
            blueprint = load_blueprint(project.root / project.quizzes_dir / "blueprints" / f"{slug}.yml")
            for month in plan.months(count=months):
                out = exams_dir / f"{month}-{role}"
                current, review = plan.pages_for(month, role)
                recent = exposure.recent_question_ids(exams_dir, role, month, skip=out)
                exam = assemble(questions, blueprint, month=month, current_pages=current, review_pages=review,
                                seed=default_seed(month, role), people=roster, recent=recent,
                                exam_id=f"{month}-{role}", pages=refs)
                out.mkdir()
                (out / exposure.MANIFEST).write_text(render_manifest(exam), encoding="utf-8")
                exams.append((f"{month}-{role}", [frozenset(placed.id for placed in paper.questions
                                                            if placed.type == "判断") for paper in exam.papers.values()]))
                for paper in exam.papers.values():
                    qs = [placed.question for placed in paper.questions]
                    papers.append((f"{month}-{role}-{paper.code}", qs))
                    drawn.update({q.id: q for q in qs})
    year = {}
    for role in ROLE_SLUGS:
        pages = {p for month in plan.months(count=12) for p in plan.pages_for(month, role)[0]}
        for month in plan.months(count=12):
            current, review = plan.pages_for(month, role)
            tf_pools.append((f"{month}-{role}", [q for q in questions if q.type == "判断" and q.for_exam
                                                 and q.serves(role) and q.page_id in set(current) | set(review)]))
        year[role] = [q for q in questions if q.type == "判断" and q.for_exam and q.serves(role) and q.page_id in pages]
    return {"kb": kb, "bank": bank, "questions": questions, "papers": papers, "drawn": drawn,
            "tf_pools": tf_pools, "tf_year": year, "exams": exams}


def true_share(pool: list[Question]) -> str:
    right = sum(q.answer[0] == "对" for q in pool)
    return f"{right}/{len(pool)} 对 ({100 * right / len(pool):.0f} %)" if pool else "0"


def tf_report(data: dict) -> list[str]:
    """判断 balance per role (the year's exam pool and each audited month's drawable pool) and variety
    across one exam's per-person papers."""
    lines = []
    lopsided = []
    for name, pool in data["tf_pools"]:
        share = sum(q.answer[0] == "对" for q in pool) / len(pool) if pool else 0
        if not 0.35 <= share <= 0.65:
            lopsided.append(f"{name} {true_share(pool)}")
    lines.append(f"判断 drawable pools outside 35–65 % 对: {len(lopsided)} of {len(data['tf_pools'])} (role, month; 12 months)"
                 + (f": {'; '.join(lopsided)}" if lopsided else ""))
    lines.append("判断 exam pool per role over the training year: "
                 + "; ".join(f"{role} {true_share(pool)}" for role, pool in data["tf_year"].items()))
    same = [name for name, sets in data["exams"] if sets and len(set(sets)) == 1 and sets[0]]
    distinct = [len(set(sets)) for _, sets in data["exams"] if sets and sets[0]]
    lines.append(f"exams where every per-person paper has the same 判断: {len(same)} of {len(distinct)}"
                 + (f" ({', '.join(same)})" if same else "")
                 + f"; distinct 判断 sets per exam: min {min(distinct)}, median {sorted(distinct)[len(distinct) // 2]}")
    return lines


def all_but_one(question: Question) -> bool:
    return question.type == "多选" and len(question.answer) == len(question.options) - 1


def odd_one_last(question: Question) -> bool:
    return all_but_one(question) and LETTERS[len(question.options) - 1] not in question.answer


def report(data: dict) -> list[str]:
    papers, drawn, questions = data["papers"], data["drawn"], data["questions"]
    lines = []

    twice_fact = twice_answer = twice_any = 0
    for _, qs in papers:
        facts = Counter(f for f in map(fact_of, qs) if f)
        same = any(n > 1 for n in facts.values())
        printed = any(gives_away(a, b) for a in qs for b in qs if a is not b)
        twice_fact += same
        twice_answer += printed
        twice_any += same or printed
    lines.append(f"papers asking one fact twice: {twice_any} of {len(papers)} "
                 f"(same highlighted sentence {twice_fact}; an answer printed in another stem {twice_answer})")

    tally = Counter()
    for _, qs in papers:
        keys = [q.answer[0] for q in qs if q.type == "判断"]
        size = "3+" if len(keys) >= 3 else "2" if len(keys) == 2 else None
        if size:
            tally[size] += 1
            tally[size + " alike"] += len(set(keys)) == 1
    lines.append(f"判断 all keyed alike: {tally['3+ alike']} of {tally['3+']} papers with 3 or more 判断 "
                 f"({tally['2 alike']} of {tally['2']} papers with 2)")

    multi_drawn = [q for q in drawn.values() if q.type == "多选"]
    multi_bank = [q for q in questions if q.type == "多选"]
    lines.append(f"多选 'every option but one': {sum(map(all_but_one, multi_drawn))} of {len(multi_drawn)} drawn; "
                 f"{sum(map(all_but_one, multi_bank))} of {len(multi_bank)} in the bank "
                 f"(odd one out is the last option in {sum(map(odd_one_last, multi_bank))})")

    blanks = [q for q in drawn.values() if q.generated and q.type == "填空"]
    short = [q for q in blanks if len(bare(own_stem(q))) < 12 and not LEAD_IN.match(q.stem)]
    short_own = [q for q in blanks if len(bare(own_stem(q))) < 12]
    long_answer = [q for q in blanks if max(len(a) for a in answers(q)) > 8]
    lines.append(f"generated 填空 drawn: {len(blanks)}; stems under 12 characters without a lead-in: {len(short)} "
                 f"(under 12 of their own: {len(short_own)}); answers over 8 characters to type: {len(long_answer)}")
    all_gen = [q for q in questions if q.generated]
    lines.append(f"generated questions: {len(all_gen)} ({sum(q.type == '填空' for q in all_gen)} 填空, "
                 f"{sum(q.type == '单选' for q in all_gen)} 单选, {sum(q.for_exam for q in all_gen)} usable in exams)")

    shown = [q for qs in practice.by_page(questions).values() for q in qs if q.type == "单选"]
    for label, group in (("authored", [q for q in shown if not q.generated]), ("generated", [q for q in shown if q.generated])):
        letters = Counter(q.answer[0] for q in group)
        lines.append(f"自测 单选 answer letters, {label} (stored order): {len(group)} questions, "
                     + ", ".join(f"{k} {letters.get(k, 0)}" for k in "ABCDEF" if letters.get(k) or k in "ABCD"))

    generated_text: dict[str, Question] = {}
    for q in questions:
        if q.generated and q.for_practice:
            generated_text.setdefault(bare(q.stem), q)
            generated_text.setdefault(bare(q.explanation.partition("：")[2]), q)
    dupes = [q for q in questions if not q.generated and q.use == "exam" and bare(q.stem) in generated_text]
    lines.append(f"exam-only authored questions equal to a generated practice question: {len(dupes)}"
                 + (f" ({', '.join(q.id for q in dupes)})" if dupes else ""))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument("--people", type=int, default=20)
    args = parser.parse_args()
    data = audit_papers(Project(args.root), args.months, args.people)
    print("\n".join(report(data) + tf_report(data)))


if __name__ == "__main__":
    main()
