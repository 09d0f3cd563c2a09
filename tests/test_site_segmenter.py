"""The build's cached word segmenter (search_site.run_cache) gives exactly jieba's words."""

from __future__ import annotations

from pathlib import Path

import jieba

from servicebook.site import search_site
from servicebook.site.search_index import TOKEN_SEP

ROOT = Path(__file__).resolve().parents[1]

MIXED = [
    "",
    "首问负责制：接报后10分钟内转单。",
    "WiFi 密码 abc-123_x.y 和 6+2 服务，C#、50% 的 R&D。",
    "第一行\n第二行\r\n\t缩进  两个空格　全角空格",
    "——“您好！”……（括号）《6+2》【注】",
    "首问负责制首问负责制，首问负责制",
]


def test_cached_segmenter_gives_jiebas_words_for_every_line_of_the_site():
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(ROOT / "includes" / "jieba_user_dict.txt"))
    cached = search_site.run_cache(tokenizer.cut)
    texts = MIXED + [line for page in sorted((ROOT / "docs").rglob("*.md"))
                     for line in page.read_text(encoding="utf-8").splitlines()]
    texts += ["\n".join(texts[:200]), TOKEN_SEP.join(texts[200:400])]  # whole blocks, not only lines
    for text in texts + texts:  # the second pass reads the cache
        assert cached(text) == list(tokenizer.cut(text)), text
