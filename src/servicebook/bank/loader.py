"""Load the question bank (quizzes/bank/**/*.yml) with line numbers, and check it against the pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from servicebook import yamlfile
from servicebook.bank.questions import Question, build_question
from servicebook.errors import Problem
from servicebook.kb.pages import KnowledgeBase
from servicebook.paths import display_path


# Fields read as written: an option 010 or 1.50 is text to a reader, not the number 8 or 1.5.
TEXT_FIELDS = frozenset({"stem", "options", "answer", "explanation", "items"})


@dataclass
class Bank:
    questions: list[Question] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    retired: frozenset[str] = frozenset()  # marked 停用 in quizzes/review.yml (set by check.check_bank)

    @property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}


def load_bank(bank_dir: Path) -> Bank:
    """Read every question file; collect every problem instead of stopping at the first."""
    bank = Bank()
    for path in sorted(bank_dir.rglob("*.yml")) + sorted(bank_dir.rglob("*.yaml")):
        questions, problems = load_file(path)
        bank.questions.extend(questions)
        bank.problems.extend(problems)
    bank.problems.extend(_duplicates(bank.questions))
    return bank


def load_file(path: Path) -> tuple[list[Question], list[Problem]]:
    file = display_path(path)
    root, problems = yamlfile.compose(path, file, ("找不到题库文件。", "检查文件路径。"))
    if problems:
        return [], problems
    mapping = yamlfile.mapping(root)
    if mapping is None or "questions" not in mapping:
        return [], [Problem(file, 1, "题库文件应包含 questions: 题目列表。", "格式见 CONTRIBUTING.md 第四节。")]
    questions_node = mapping["questions"][1]
    if not isinstance(questions_node, yaml.SequenceNode):
        return [], [Problem(file, questions_node.start_mark.line + 1, "questions 应为题目列表（每题以 - 开头）。",
                            "格式见 CONTRIBUTING.md 第四节。")]
    questions, problems = [], []
    for line, data, lines in yamlfile.records(questions_node, file, problems,
                                              ("题目应为“字段: 值”的列表。", "格式见 CONTRIBUTING.md 第四节。"), TEXT_FIELDS):
        question, found = build_question(data, lines, file, line, {})
        problems.extend(found)
        if question:
            questions.append(question)
    return questions, problems


def _duplicates(questions: list[Question]) -> list[Problem]:
    seen: dict[str, Question] = {}
    problems = []
    for question in questions:
        first = seen.setdefault(question.id, question)
        if first is not question:
            problems.append(Problem(question.file, question.line,
                                    f"题目编号 {question.id} 与 {first.file}:{first.line} 重复。",
                                    "每道题的 id 必须全库唯一；新题用新编号。"))
    return problems


def check_sources(bank: Bank, kb: KnowledgeBase) -> list[Problem]:
    """Every question points at an existing page and heading; stale fingerprints need review."""
    problems = []
    pages = kb.by_id
    for question in bank.questions:
        if question.generated:
            continue
        page = pages.get(question.page_id)
        if page is None:
            problems.append(Problem(question.file, question.line,
                                    f"题目 {question.id}：source 指向的页面 {question.page_id} 不存在。",
                                    "source 写成 页面id#标题锚点，页面 id 见页面头部的 id 字段。"))
            continue
        section = page.scan.section(question.anchor)
        if section is None:
            problems.append(Problem(question.file, question.line,
                                    f"题目 {question.id}：页面 {page.file} 中没有标题锚点 #{question.anchor}。",
                                    "锚点由标题生成（小写，标点去掉，空格变 -）；标题改了请同步修改 source。"))
            continue
        if question.fingerprint and question.fingerprint != section.fingerprint:
            problems.append(Problem(
                question.file, question.line,
                f"题目 {question.id} 需要复核：出题依据的章节《{page.title}》#{question.anchor} 内容已修改。",
                "核对题目与新内容，然后运行 servicebook bank stamp 更新指纹。", warning=True))
    return problems


def stamp_fingerprints(bank_dir: Path, kb: KnowledgeBase) -> int:
    """Write each question's current section fingerprint into its file; returns questions updated."""
    bank = load_bank(bank_dir)
    pages = kb.by_id
    by_file: dict[str, list[tuple[Question, str]]] = {}
    for question in bank.questions:
        page = pages.get(question.page_id)
        section = page.scan.section(question.anchor) if page else None
        if section and question.fingerprint != section.fingerprint:
            by_file.setdefault(question.file, []).append((question, section.fingerprint))
    for file, updates in by_file.items():
        path = Path(file)
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        # Edit from the bottom up so earlier line numbers stay valid; keep the author's formatting.
        for question, fingerprint in sorted(updates, key=lambda u: u[0].line, reverse=True):
            _set_fingerprint(lines, question, fingerprint)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text("".join(lines), encoding="utf-8")
        tmp.replace(path)
    return sum(len(u) for u in by_file.values())


def _set_fingerprint(lines: list[str], question: Question, fingerprint: str) -> None:
    start = question.line - 1
    first = lines[start]
    indent = len(first) - len(first.lstrip(" -"))
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip(" ")) >= indent):
        end += 1
    for index in range(start, end):
        stripped = lines[index].lstrip(" -")
        if stripped.startswith("fingerprint:"):
            lines[index] = lines[index][: len(lines[index]) - len(stripped)] + f'fingerprint: "{fingerprint}"\n'
            return
    insert_at = end
    while insert_at > start + 1 and not lines[insert_at - 1].strip():
        insert_at -= 1
    lines.insert(insert_at, " " * indent + f'fingerprint: "{fingerprint}"\n')  # quoted: 592109675584 is text
