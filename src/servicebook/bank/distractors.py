"""Wrong options for a generated 单选: only answers of the same kind as the right one (pure).

- a number with a unit (10分钟, 3声, 85%): other values of that same unit stated in the standards;
- a short term: its siblings (other highlights of the same list or table — other steps, other
  roles, other documents), then terms of the same class (the same two-character head word:
  一站式服务 / 秘书式服务, 活动方案 / 其他解决方案). Other words of the same page are not used: read
  against the pages they were mostly of another kind and gave the answer away;
- a long phrase: its siblings only.

Candidates that mean the same as the answer, that contain it or are contained in it, or that the
sentence already prints, are skipped. Too few of them → the fact gets no 单选 (see generate.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from servicebook import numerals
from servicebook.bank.facts import Fact

NUMBER, SIBLING, CLASS = "同单位数值", "同列表", "同类词语"
SHORT_TERM = 8  # characters: longer answers are phrases, never typed blanks


# Head words of names worth typing (the last characters of the term).
TERM_HEADS = ("制", "表", "单", "卡", "证", "书", "件", "员", "师", "顾问", "中心", "热线", "电话", "名字", "名称",
              "姓氏", "档案", "台账", "率", "满意度", "类型", "服务", "调查", "确认", "端口", "资料", "合同",
              "公章", "执照", "许可证", "线路图", "手套", "耳麦", "腰带", "指引", "方案", "渠道", "流程",
              "专人", "部门", "前台", "负责人", "经理", "主管", "工程师")




def names_a_thing(text: str) -> bool:
    """A term whose head word names a document, role, channel, measure or kind of service. Only
    such terms get term distractors: parallel tips and qualities (整洁 / 光鲜清洁, 公事公办 /
    个人空间) often fit the same sentence, or do not fit it at all, and either way tell nothing."""
    return (text.endswith(TERM_HEADS) and not re.search(r"[\"“”「」]", text)
            and not text.startswith(("不", "没", "未", "要", "应", "须", "先", "再")))  # 不查阅书面资料: an action


def kind_of(fact: Fact) -> str:
    if fact.unit is not None:
        return "number"
    if len(fact.text) <= SHORT_TERM and not fact.is_list:
        return "term"
    return "phrase"


def pick(fact: Fact, facts: Sequence[Fact], count: int) -> tuple[list[str], str]:
    """Up to `count` distractors, nearest first, and the kind of the weakest one used."""
    kind = kind_of(fact)
    answer = numerals.normalize_answer(fact.text)
    stem_text = fact.stem.replace("\x00", "")
    chosen: list[str] = []
    taken = {answer}
    label = ""

    def usable(other: Fact) -> bool:
        normal = numerals.normalize_answer(other.text)
        if normal in taken or other.text in stem_text or other.fact_id == fact.fact_id:
            return False
        if kind != "number" and (other.text in fact.text or fact.text in other.text):
            return False
        return True

    def take(candidates: list[tuple[tuple, Fact]], name: str) -> None:
        nonlocal label
        for _, other in sorted(candidates, key=lambda c: c[0]):
            if len(chosen) == count:
                return
            if usable(other):
                taken.add(numerals.normalize_answer(other.text))
                chosen.append(other.text)
                label = name

    if kind != "number" and not names_a_thing(fact.text):
        return [], ""
    if kind == "number":
        values = sorted({(_tier(fact, o), abs(math.log((o.value + 1) / (fact.value + 1))), o.value)
                         for o in facts if o.unit == fact.unit and o.number is not None and o.value != fact.value})
        for _, _, value in values:
            text = fact.with_value(value)
            normal = numerals.normalize_answer(text)
            if len(chosen) < count and normal not in taken:
                taken.add(normal)
                chosen.append(text)
        return chosen, NUMBER if chosen else ""
    siblings = [((abs(len(o.text) - len(fact.text)), o.line, o.text), o) for o in facts
                if fact.listed and o.listed and o.page is fact.page and o.anchor == fact.anchor and o.block == fact.block
                and o.unit is None and kind_of(o) == kind and names_a_thing(o.text)]
    take(siblings, SIBLING)
    if kind == "term" and len(chosen) < count:
        # Same class: the same two-character head word (…服务, …方案, …档案, …满意度).
        head = fact.text[-2:]
        same_class = [((_tier(fact, o), abs(len(o.text) - len(fact.text)), o.text), o) for o in facts
                      if len(fact.text) >= 3 and len(o.text) >= 3 and o.unit is None and kind_of(o) == "term"
                      and names_a_thing(o.text)
                      and o.text[-2:] == head and abs(len(o.text) - len(fact.text)) <= 2]
        take(same_class, CLASS)
    return chosen, label if chosen else ""


def _tier(fact: Fact, other: Fact) -> int:
    """0 same page, 1 same category, 2 elsewhere."""
    if other.page is fact.page:
        return 0
    return 1 if other.page.meta.category == fact.page.meta.category else 2
