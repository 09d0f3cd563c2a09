"""The maintainers' list of topics the sources don't cover: in the nav, out of search and study plans."""

from __future__ import annotations

import json

from conftest import ROOT

from servicebook.check import Project, check_site
from servicebook.kb.pages import pages_for_role

PAGE = "appendix/uncovered-topics.md"


def test_uncovered_topics_page_is_in_the_nav_but_not_study_material():
    kb, _ = check_site(Project(ROOT))
    page = kb.pages[PAGE]
    assert page.meta.category == "附录" and page.raw_meta["search"] == {"exclude": True}
    assert "appendix/uncovered-topics.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for role in page.meta.roles:
        assert page not in pages_for_role(kb, role)
    # It says plainly that these are not answered, and names the gaps the pages themselves admit.
    for words in ("本站没有答案", "不要凭个人经验", "首问负责制", "FTF", "红线内不利因素公示", "五心标准", "客户大使",
                  "物业费", "停车位被占", "快递", "电梯困人"):
        assert words in page.body, words


def test_uncovered_topics_page_is_built_but_kept_out_of_the_search_index(built_site):
    html = (built_site / "appendix" / "uncovered-topics" / "index.html").read_text(encoding="utf-8")
    assert "资料未覆盖的话题" in html
    search_files = [p for p in (built_site / "search").rglob("*") if p.is_file()]
    assert search_files
    for path in search_files:
        text = path.read_text(encoding="utf-8", errors="ignore")
        if path.suffix == ".json":  # Material writes Chinese as \uXXXX escapes
            text = json.dumps(json.loads(text), ensure_ascii=False)
        assert "appendix/uncovered-topics/" not in text, path
        assert "资料只列出名称、没有解释的条目" not in text and "快递可以放前台吗" not in text, path
