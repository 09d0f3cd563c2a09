"""The search synonym table (includes/search_synonyms.txt): everyday words staff type -> the
standards' formal terms, applied by site search at query time.

Format, one line per formal term (UTF-8; blank lines and `#` comment lines ignored):

    正式用语：日常说法1、日常说法2、…

The full-width colon separates the formal term from its everyday words, which are separated by
the enumeration comma `、`. An everyday word may map to several formal terms (listed on each line).
Rules checked here: well-formed lines, no single-character words (they match almost everything),
no formal term listed twice, and every formal term found verbatim in the searchable site text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from servicebook.errors import Problem
from servicebook.kb import markdown_scan
from servicebook.kb.pages import KnowledgeBase, excluded_from_search
from servicebook.paths import display_path

SYNONYMS_FILE = "includes/search_synonyms.txt"
COLON = "："
SEPARATOR = "、"
# Characters that would make a word unreadable for the engine or the reviewer.
_BAD_CHARS = re.compile(r"[,，;；:：/|\t]")
_FENCE = re.compile(r"^\s*(```+|~~~+)")


@dataclass(frozen=True)
class Entry:
    formal: str
    everyday: tuple[str, ...]
    line: int


def parse_synonyms(text: str, file: str) -> tuple[list[Entry], list[Problem]]:
    """Parse the table; return its entries and every malformed line (file:line problems)."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue

        def bad(message: str, hint: str) -> None:
            problems.append(Problem(file, number, message, hint))

        if COLON not in line:
            if ":" in line:
                bad("冒号应为全角“：”。", "写成 正式用语：日常说法1、日常说法2（中文输入法下的冒号）。")
            else:
                bad("这一行缺少全角冒号“：”。", "每行写成 正式用语：日常说法1、日常说法2；说明文字请以 # 开头。")
            continue
        formal, _, rest = line.partition(COLON)
        formal = formal.strip()
        if COLON in rest:
            bad("一行只能有一个全角冒号“：”。", "每个正式用语单独一行：正式用语：日常说法1、日常说法2。")
            continue
        if not formal:
            bad("冒号前缺少正式用语。", "冒号前写页面中使用的正式用语，如 业主：住户、户主。")
            continue
        if _BAD_CHARS.search(formal) or SEPARATOR in formal:
            bad(f"正式用语“{formal}”中含有逗号、顿号、冒号或分号。",
                "冒号前只写一个正式用语（一个词或短语）；日常说法放在冒号之后，用顿号“、”分隔。")
            continue
        words = [w.strip() for w in rest.split(SEPARATOR)]
        if not rest.strip():
            bad(f"“{formal}”后面没有日常说法。", "在冒号后列出员工的日常说法，用顿号“、”分隔；没有就删除这一行。")
            continue
        if any(not w for w in words):
            bad(f"“{formal}”的日常说法中有空项（连续或多余的顿号）。", "删除多余的“、”。")
            continue
        line_ok = True
        if len(formal) < 2:
            bad(f"正式用语“{formal}”只有一个字。", "单字会匹配几乎所有页面；请写成词，如 修 → 维修。")
            line_ok = False
        seen: set[str] = set()
        for word in words:
            if _BAD_CHARS.search(word):
                bad(f"日常说法“{word}”中含有逗号、冒号或分号。", "日常说法之间只用顿号“、”分隔。")
                line_ok = False
            elif len(word) < 2:
                bad(f"日常说法“{word}”只有一个字。", "单字会匹配几乎所有页面；请写成词（如 漏 → 漏水），或删除。")
                line_ok = False
            elif word in seen:
                bad(f"日常说法“{word}”在这一行重复。", "删除重复的一项。")
                line_ok = False
            elif word == formal:
                bad(f"日常说法“{word}”与正式用语相同。", "删除这一项：正式用语本身无需列出。")
                line_ok = False
            seen.add(word)
        if formal in first_line:
            bad(f"正式用语“{formal}”已在第 {first_line[formal]} 行列出。",
                f"把这一行的日常说法合并到第 {first_line[formal]} 行，每个正式用语只写一行。")
            continue
        first_line[formal] = number
        if line_ok:
            entries.append(Entry(formal, tuple(words), number))
    return entries, problems


def load_synonyms(path: Path) -> tuple[list[Entry], list[Problem]]:
    file = display_path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem(file, 0, "文件不是 UTF-8 编码。", "用编辑器另存为 UTF-8 编码。")]
    return parse_synonyms(text, file)


def searchable_text(kb: KnowledgeBase) -> str:
    """What site search indexes from docs/: titles and the words of every page body, markup removed.
    Pages excluded from search (front matter `search: exclude: true`) and fenced blocks (Mermaid
    diagram source, which search leaves out of its index) do not count."""
    parts = []
    for page in kb.pages.values():
        if excluded_from_search(page):
            continue
        parts.append(page.title)
        fence = ""
        for line in page.body.splitlines():
            marker = _FENCE.match(line)
            if marker and (not fence or marker.group(1).startswith(fence)):
                fence = "" if fence else marker.group(1)
                continue
            if not fence:
                parts.append(markdown_scan.plain_text(line))
    return "\n".join(parts)


def check_synonyms(path: Path, kb: KnowledgeBase) -> list[Problem]:
    """Every problem of the synonym table, including formal terms the site does not contain."""
    entries, problems = load_synonyms(path)
    text = searchable_text(kb)
    file = display_path(path)
    for entry in entries:
        if entry.formal not in text:
            problems.append(Problem(
                file, entry.line, f"正式用语“{entry.formal}”在网站页面中找不到。",
                "冒号前必须是页面正文或标题中原样出现的词（注意错别字、全半角）；改成页面里的写法，或删除这一行。"))
    return problems
