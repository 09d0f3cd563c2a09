"""The search index built from Markdown (site/search_index.py): what ends up searchable and shown."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from servicebook.kb.markdown_scan import GAP_NOTICE, gap_sentence
from servicebook.site import search_site
from servicebook.site.search_index import TOKEN_SEP, SourcePage, build_index, derived_anchor, text_blocks

ROOT = Path(__file__).resolve().parents[1]

PAGE = """\
开头说明本页。

## 处理流程

接报后==10分钟==内转单。

```mermaid
flowchart LR
  A[接到报修] --> B[转单]
```

| 场合 | 规范说法 |
|---|---|
| 没有这项服务 | 不好意思，暂时没有 |

!!! danger "不能做的"
    不能推诿。

## 常见问法

- [报修多久转单](#处理流程)
- 没有链接的问法
"""


def segment(text):
    return list(text)  # one token per character is enough to check the layout


def anchor(row) -> str:
    """A section's anchor: stored, or (0) the one its heading gives, as the browser derives it."""
    return derived_anchor(row[2]) if row[1] == 0 else row[1]


def test_text_blocks_drop_diagrams_and_keep_table_rows_readable():
    blocks = text_blocks(PAGE.splitlines()[4:17])
    assert "接报后10分钟内转单。" in blocks
    assert "没有这项服务：不好意思，暂时没有" in blocks
    assert "不能做的" in blocks and "不能推诿。" in blocks
    assert not [b for b in blocks if "flowchart" in b or "-->" in b]


def test_faq_lines_join_the_section_they_link_to_and_the_faq_list_is_not_a_result():
    index = build_index([SourcePage("repairs/x.md", "repairs/x/", "报修", PAGE)], segment,
                        fallback="repairs/x.md#处理流程")["docs"]
    by_anchor = {anchor(row): row for row in index["sections"]}
    assert "常见问法" not in by_anchor
    assert "".join(by_anchor["处理流程"][5].split(TOKEN_SEP)) == "报修多久转单"
    assert "".join(by_anchor[""][5].split(TOKEN_SEP)) == "没有链接的问法"  # unlinked: the page top
    assert "".join(by_anchor["处理流程"][4].split(TOKEN_SEP)) == "10分钟"
    assert anchor(index["sections"][index["fallback"]]) == "处理流程"


def test_a_gap_notice_is_kept_apart_from_the_section_text_with_its_topics():
    body = ("## 收费标准\n\n熟记物业服务费标准。\n\n" + GAP_NOTICE + "\n    " +
            gap_sentence(["向业主解释物业费", "门禁卡补办"]) + "\n\n下一段。\n")
    index = build_index([SourcePage("frontdesk/x.md", "frontdesk/x/", "应知应会", body)], segment)["docs"]
    section = next(row for row in index["sections"] if anchor(row) == "收费标准")
    assert "".join(section[3].split(TOKEN_SEP)) == "熟记物业服务费标准。\n下一段。"
    (gap,) = index["gaps"]
    assert anchor(index["sections"][gap[0]]) == "收费标准"
    assert gap[1] == "资料中没有向业主解释物业费的规定，也没有门禁卡补办的规定，遇到时请报告上级。"
    assert ["".join(topic.split(TOKEN_SEP)) for topic in gap[2:]] == ["向业主解释物业费", "门禁卡补办"]


def test_a_page_character_that_separates_words_in_the_index_is_stored_as_a_space():
    body = f"## 代码\n\n输入`ls`命令，或全角｀引号｀。\n"
    index = build_index([SourcePage("x/y.md", "x/y/", "代码", body)], segment)["docs"]
    section = next(row for row in index["sections"] if anchor(row) == "代码")
    # Markdown's code marks are gone; a full-width one (the browser's normalize() would make it
    # TOKEN_SEP) is a space, so no word is cut where the page has none.
    assert "".join(section[3].split(TOKEN_SEP)) == "输入ls命令，或全角 引号 。"
    assert "\uff40" not in section[3]


def test_the_built_worker_keeps_materials_worker_contract(tmp_path):
    # The build writes the engine files as one worker without comments and indentation: the same
    # contract test runs against that file.
    worker = tmp_path / "search.worker.min.js"
    worker.write_text(search_site.worker_source(), encoding="utf-8")
    assert "ServicebookSearch" in worker.read_text(encoding="utf-8")
    result = subprocess.run(["node", "--test", str(ROOT / "tests" / "js" / "worker-contract.test.js")],
                            env=dict(os.environ, SEARCH_WORKER=str(worker)), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_every_section_link_the_browser_makes_lands_on_an_anchor_of_its_page(built_site):
    # Anchors the heading gives are not stored (0): the engine derives them; each must be an id
    # MkDocs put on the page.
    script = """
      const fs = require("fs");
      const { SearchIndex } = require(process.argv[1]);
      const docs = JSON.parse(fs.readFileSync(process.argv[2], "utf8")).docs;
      const stored = docs.sections.filter((row) => row[1] === 0).length;
      const index = new SearchIndex(docs);
      console.log(JSON.stringify({ stored, locations: index.sections.map((row, s) => index.location(s)) }));"""
    engine = ROOT / "src" / "servicebook" / "site" / "assets" / "search-results.js"
    out = subprocess.run(["node", "-e", script, str(engine), str(built_site / "search" / "search_index.json")],
                         capture_output=True, text=True, check=True).stdout
    result = json.loads(out)
    assert result["stored"] > 100  # most anchors are derived
    for location in result["locations"]:
        path, _, anchor = location.partition("#")
        if anchor:
            html = (built_site / path / "index.html").read_text(encoding="utf-8")
            assert f'id="{anchor}"' in html, location


def test_a_page_load_fetches_no_more_for_search_than_materials_default_search(built_site, tmp_path):
    from conftest import ROOT, mkdocs_build

    material = tmp_path / "material"
    result = mkdocs_build(ROOT, material, env={"SERVICEBOOK_SEARCH": "false"})  # same pages, Material's search
    assert result.returncode == 0, result.stderr[-4000:]
    ours, theirs = search_site.download_size(built_site), search_site.download_size(material)
    assert ours[1] <= theirs[1], f"gzip {ours[1]} > Material's {theirs[1]}: trim the index or the synonym table"
