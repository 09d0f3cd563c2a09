"""The site's browser code as one classic script, concatenated at build time.

The modules in assets/ are classic scripts (the dist zip is opened from disk, where
`<script type="module">` does not run), each exporting to one namespace, `window.servicebook.<name>`,
and to `module.exports` under node for the unit tests in tests/js/. One bundle rather than a
script tag per module: one request per page on a phone, and the load order is declared here once
instead of being spliced into pages. A module only uses the ones listed before it.
"""

from __future__ import annotations

import json
from pathlib import Path

from servicebook.site.rolebooks import ROLE_SLUGS

ASSETS = Path(__file__).resolve().parent / "assets"
BUNDLE = "assets/servicebook/servicebook.js"
MODULES = (
    "numerals.js",    # answer normalisation (same as numerals.py)
    "dom.js",         # el(), ready(), page keys
    "storage.js",     # every localStorage key, the shared role choice, 错题本
    "calendar.js",    # plan months and onboarding weeks from the reader's clock
    "schedule.js",    # 每日一练: which cards today, when next
    "questions.js",   # checking answers, the input for each question type
    "roles.js",       # the role picker
    "practice.js",    # 自测 blocks, 错题本 page
    "month.js",       # 本月学习
    "daily.js",       # 每日一练 page (needs the FSRS global on that page)
    "onboarding.js",  # 新员工入职路径 checklist, 已读, home-page progress
    "phone.js",       # glossary taps, wide tables, full-screen diagrams
    "searchbox.js",   # search on paste, voice and IME input; the not-found count line
)


def bundle() -> str:
    prelude = f"(window.servicebook = window.servicebook || {{}}).ROLES = {json.dumps(list(ROLE_SLUGS), ensure_ascii=False)};\n"
    parts = [f"/* ---- {name} ---- */\n" + (ASSETS / name).read_text(encoding="utf-8") for name in MODULES]
    return prelude + "\n".join(parts)
