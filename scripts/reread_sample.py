"""Draw a random sample of exam questions to read blind against their pages (issue 12, "Done means").

Run: .venv/bin/python scripts/reread_sample.py --seed 1201 [--n 40] [--root .]

Draws `--n` generated and `--n` authored exam-eligible questions (use exam/both, not retired in
quizzes/review.yml) with random.Random(seed) over the ids in sorted order, so the same bank and seed
give the same sample. Prints each question as a staff member would see it (options in a shuffled
order, as on a paper), then its key, explanation and the text of the section it cites, for the
reader to judge "usable as it is": the key is right per the page; a trained staff member can answer
it unambiguously; nothing on it (or another question) gives it away; it tests what the job needs.

Verdicts go into scripts/reread/<seed>.yml (id, kind, verdict: 可用/需修改/不可用, reason), and
`--score scripts/reread/<seed>.yml` prints the usable rate per kind. The sample itself is not
committed: exam-only questions must stay private (the verdict file names ids only).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import yaml

from servicebook.bank.generate import generated_questions
from servicebook.bank.questions import LETTERS, Question
from servicebook.check import Project, check_bank, check_site

VERDICTS = ("可用", "需修改", "不可用")


def draw(project: Project, seed: int, n: int) -> dict[str, list[Question]]:
    kb, _ = check_site(project)
    bank, problems = check_bank(project, kb)
    if any(not p.warning for p in problems):
        sys.exit("题库检查未通过：先运行 servicebook check。")
    retired = getattr(bank, "retired", ())
    pool = [q for q in bank.questions + generated_questions(kb) if q.for_exam and q.id not in retired]
    rng = random.Random(seed)
    sample = {}
    for kind, generated in (("generated", True), ("authored", False)):
        ids = sorted(q.id for q in pool if q.generated == generated)
        chosen = set(rng.sample(ids, min(n, len(ids))))
        sample[kind] = sorted((q for q in pool if q.id in chosen), key=lambda q: q.id)
    return {"kb": kb, **sample}


def show(question: Question, kb, rng: random.Random) -> str:
    lines = [f"### {question.id}  [{question.type}] roles={','.join(question.roles)} source={question.source}",
             f"题干：{question.stem}"]
    key = question.answer
    if question.type in ("单选", "多选"):
        order = list(range(len(question.options)))
        rng.shuffle(order)
        lines += [f"  {LETTERS[i]}. {question.options[k]}" for i, k in enumerate(order)]
        key = ["".join(sorted(LETTERS[order.index(LETTERS.index(a))] for a in question.answer))]
    if question.type == "排序":
        lines += [f"  - {item}" for item in question.items]
        key = ["（按上列顺序）"]
    lines += [f"答案：{' / '.join(key)}" if key else "答案：（情景题）"]
    lines += [f"  评分：{r.point}（{r.score}）" for r in question.rubric]
    lines += [f"解释：{question.explanation}", "页面原文："]
    page = next((p for p in kb.content_pages() if p.meta and p.meta.id == question.page_id), None)
    section = page.scan.section(question.anchor) if page else None
    body = "\n".join(section.lines if section else ["（找不到章节）"])
    lines += ["  > " + line for line in body.splitlines() if line.strip()][:40]
    return "\n".join(lines)


def score(path: Path) -> list[str]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out = []
    for kind in ("generated", "authored"):
        mine = [r for r in rows if r["kind"] == kind]
        counts = {v: sum(r["verdict"] == v for r in mine) for v in VERDICTS}
        usable = counts["可用"] / len(mine) if mine else 0
        out.append(f"{kind}: {len(mine)} read, usable {counts['可用']} ({usable:.0%}), "
                   f"needs editing {counts['需修改']}, bad {counts['不可用']}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."))
    parser.add_argument("--seed", type=int, default=1201)
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--score", type=Path, help="a verdict file to summarise instead of drawing")
    args = parser.parse_args()
    if args.score:
        print("\n".join(score(args.score)))
        return
    sample = draw(Project(args.root), args.seed, args.n)
    rng = random.Random(f"display/{args.seed}")
    for kind in ("generated", "authored"):
        print(f"## {kind}\n")
        for question in sample[kind]:
            print(show(question, sample["kb"], rng) + "\n")


if __name__ == "__main__":
    main()
