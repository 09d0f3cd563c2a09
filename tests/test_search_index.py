"""The search index built from Markdown (site/search_index.py): what ends up searchable and shown."""

from __future__ import annotations

from servicebook.site.search_index import SourcePage, build_index, text_blocks

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


def test_text_blocks_drop_diagrams_and_keep_table_rows_readable():
    blocks = text_blocks(PAGE.splitlines()[4:17])
    assert "接报后10分钟内转单。" in blocks
    assert "没有这项服务：不好意思，暂时没有" in blocks
    assert "不能做的" in blocks and "不能推诿。" in blocks
    assert not [b for b in blocks if "flowchart" in b or "-->" in b]


def test_faq_lines_join_the_section_they_link_to_and_the_faq_list_is_not_a_result():
    index = build_index([SourcePage("repairs/x.md", "repairs/x/", "报修", PAGE)], segment,
                        fallback="repairs/x.md#处理流程")["docs"]
    by_anchor = {row[1]: row for row in index["sections"]}
    assert "常见问法" not in by_anchor
    assert "".join(by_anchor["处理流程"][5].split("\t")) == "报修多久转单"
    assert "".join(by_anchor[""][5].split("\t")) == "没有链接的问法"  # unlinked: the page top
    assert "".join(by_anchor["处理流程"][4].split("\t")) == "10分钟"
    assert index["sections"][index["fallback"]][1] == "处理流程"
