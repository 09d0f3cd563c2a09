"""The maintainers' list of topics the sources don't cover: in the nav, out of search and study plans."""

from __future__ import annotations

import json
import posixpath
import re

from conftest import ROOT

from servicebook.check import Project, check_site
from servicebook.kb.markdown_scan import GAP_NOTICE, gap_sentence, without_gap_notices
from servicebook.kb.pages import pages_for_role
from servicebook.site.search_index import TOKEN_SEP

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


# ---- Where staff look: one plain sentence per page, from one template ----

GAP_ADMONITION = GAP_NOTICE
NOTICE_SECTION = "## 页面上怎样告诉员工"
MAIN_TABLE = "## 员工常问、资料没有规定的话题"


def table_rows(body: str, heading: str) -> list[list[str]]:
    section = body.split(heading, 1)[1].split("\n## ", 1)[0]
    rows = [line.strip().strip("|").split(" | ") for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row] for row in rows[1:]]  # without the header


def notices_the_list_asks_for(kb) -> dict[str, list[str]]:
    """page src -> the phrases its sentence names, in the maintainers' table order."""
    body = kb.pages[PAGE].body
    wanted: dict[str, list[str]] = {}
    for topic, phrase, pages in table_rows(body, NOTICE_SECTION):
        if phrase == "—":
            continue
        targets = re.findall(r"\]\(([^)#]+)", pages)
        assert targets, topic
        for target in targets:
            src = posixpath.normpath(posixpath.join(posixpath.dirname(PAGE), target))
            assert src in kb.pages, (topic, target)
            wanted.setdefault(src, []).append(phrase)
    return wanted


def gap_notices(body: str) -> list[str]:
    """The text of every 资料没有规定 box on a page."""
    lines, found = body.splitlines(), []
    for i, line in enumerate(lines):
        if line.strip() == GAP_ADMONITION:
            text = []
            for follow in lines[i + 1:]:
                if follow and not follow.startswith("    "):
                    break
                text.append(follow.strip())
            found.append("".join(text))
    return found


def test_every_topic_on_the_list_says_where_staff_are_told():
    kb, _ = check_site(Project(ROOT))
    body = kb.pages[PAGE].body
    topics = [row[0] for row in table_rows(body, MAIN_TABLE)]
    told = [row[0] for row in table_rows(body, NOTICE_SECTION)]
    assert topics and sorted(told) == sorted(topics)


def test_each_page_the_list_names_says_the_gap_once_in_the_one_sentence():
    kb, _ = check_site(Project(ROOT))
    wanted = notices_the_list_asks_for(kb)
    assert {"repairs/repair-process.md", "frontdesk/front-desk-duties.md", "frontdesk/must-know.md",
            "etiquette/sales-security.md"} <= set(wanted)
    assert any("电梯困人" in p for p in wanted["repairs/repair-process.md"])
    assert any("快递" in p for p in wanted["frontdesk/front-desk-duties.md"])
    assert any("物业费" in p for p in wanted["frontdesk/must-know.md"])
    assert any("车位被占" in p for p in wanted["etiquette/sales-security.md"])
    for src, page in kb.pages.items():
        if src == PAGE:
            continue
        notices = gap_notices(page.body)
        if src in wanted:
            assert notices == [gap_sentence(wanted[src])], src
        else:  # no page says a gap the maintainers' list does not record
            assert notices == [], src


def test_a_gap_notice_leaves_the_sections_questions_as_reviewed():
    lines = ["紧急报修：工程师==立即上门==。", "", GAP_NOTICE, "    " + gap_sentence(["电梯困人"]), "", "下一段。"]
    assert without_gap_notices(lines) == ["紧急报修：工程师==立即上门==。", "", "下一段。"]


def test_gap_notices_stay_out_of_the_search_index(built_site):
    # Search answers an uncovered topic with its own 知识库中没有找到 message, not with the page
    # that merely says the sources have no rule: the sentence is no section's text; the index keeps
    # it apart (docs.gaps), for the not-found answer to quote.
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    sections = json.dumps(docs["sections"], ensure_ascii=False).replace(TOKEN_SEP, "")  # tokens are TOKEN_SEP-separated
    assert "前台代收快递" not in sections and "遇到时请报告上级" not in sections
    assert any("前台代收快递" in gap[1] for gap in docs["gaps"])
    html = (built_site / "frontdesk" / "front-desk-duties" / "index.html").read_text(encoding="utf-8")
    assert "遇到时请报告上级" in html
