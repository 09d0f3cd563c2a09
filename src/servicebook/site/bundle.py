"""The site's browser code as classic scripts concatenated at build time.

The modules in assets/ are classic scripts (the dist zip is opened from disk, where
`<script type="module">` does not run), each exporting to one namespace, `window.servicebook.<name>`,
and to `module.exports` under node for the unit tests in tests/js/. Bundles rather than a script
tag per module: one request per page on a phone, and the load order is declared here once instead
of being spliced into pages. A module only uses the ones listed before it (in its bundle or in
BUNDLE, which every page loads first). Comment lines and indentation are dropped on the way:
staff download the code, maintainers read assets/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from servicebook.kb.schema import ROLE_SLUGS

ASSETS = Path(__file__).resolve().parent / "assets"
BUNDLE = "assets/servicebook/servicebook.js"  # every page
DAILY_BUNDLE = "assets/servicebook/daily.js"  # the 每日一练 page, after ts-fsrs
MODULES = (
    "numerals.js",    # answer normalisation (same as numerals.py)
    "dom.js",         # el(), ready(), page keys
    "storage.js",     # every localStorage key, the shared role choice, 错题本
    "calendar.js",    # plan months and onboarding weeks from the reader's clock
    "schedule.js",    # 每日一练: which cards today, when next
    "questions.js",   # checking answers, the input for each question type
    "roles.js",       # the role picker
    "practice.js",    # 自测 blocks, 错题本 page
    "month.js",       # 本月学习, the role on the home page
    "onboarding.js",  # 新员工入职路径 checklist, 已读, home-page progress
    "phone.js",       # glossary taps, wide tables, full-screen diagrams
    "searchbox.js",   # search on paste, voice and IME input; the not-found count line
)
DAILY_MODULES = (
    "schedule.js",    # 每日一练: which cards today, when next
    "daily.js",       # 每日一练 page (needs the FSRS global)
)
_HEADER = re.compile(r"\A/\*.*?\*/\n", re.S)


def _compact(text: str) -> str:
    """Drop the file's header comment, whole-line // comments, blank lines and indentation."""
    lines = (line.strip() for line in _HEADER.sub("", text).splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//"))


def bundle(modules: tuple[str, ...] = MODULES) -> str:
    parts = [f"/* {name} */\n" + _compact((ASSETS / name).read_text(encoding="utf-8")) for name in modules]
    if modules == MODULES:
        roles = json.dumps(list(ROLE_SLUGS), ensure_ascii=False)
        parts.insert(0, f"(window.servicebook = window.servicebook || {{}}).ROLES = {roles};")
    return "\n".join(parts) + "\n"
