"""The real site in a real browser: Chinese search, no requests off the intranet, phone layout."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from conftest import ROOT
from searchpage import page_path, search

from servicebook.kb import schema
from servicebook.kb.pages import load_knowledge_base

pytestmark = pytest.mark.browser

# Words staff type, including words inside sentences that default search never finds.
QUERIES = [
    ("挂线", "etiquette/phone-etiquette.md"),
    ("致歉", "etiquette/phone-etiquette.md"),
    # 三声 is the 案场 rule, whose own heading is 铃响3声以内接听 (the 物业前台 rule is 第三次铃声前).
    ("三声", "etiquette/sales-phone.md"),
    ("双赢", "complaints/ten-steps.md"),
    ("电话回访", "complaints/follow-up-visits.md"),
    ("首问负责制", "complaints/first-responsibility.md"),
    ("五步一法", "philosophy/five-steps-one-method.md"),
    ("6+2步法", "philosophy/six-plus-two.md"),
    ("6+2", "philosophy/six-plus-two.md"),
    ("装修备案", "frontdesk/renovation-filing.md"),
    ("应知应会", "frontdesk/must-know.md"),
    ("仪容仪表", "etiquette/appearance.md"),
    ("身体语言", "etiquette/body-language.md"),
    ("群诉", "complaints/group-complaints.md"),
    ("服务忌语", "etiquette/taboo-phrases.md"),
    ("保修流程", "repairs/repair-process.md"),
    ("案例库", "training/cases/index.md"),
]


def assert_only_local_requests(page, site_url):
    host = urlparse(site_url).netloc
    foreign = [u for u in page.requested_urls if urlparse(u).scheme in ("http", "https", "ws", "wss")
               and urlparse(u).netloc != host]
    assert not foreign, f"请求了本站以外的地址：{foreign}"


@pytest.mark.parametrize("query,expected", QUERIES, ids=[q for q, _ in QUERIES])
def test_search_puts_expected_page_first(page, site_url, query, expected):
    page.goto(site_url)
    results = search(page, query)
    assert results, f"搜索“{query}”没有结果"
    assert results[0] == page_path(site_url, expected), f"搜索“{query}”的前三个结果：{results[:3]}"
    assert_only_local_requests(page, site_url)


def test_query_typed_without_spaces_searches_every_word(page, site_url):
    # Material alone looks up only 报修 here and never the last word 回访.
    page.goto(site_url)
    joined = search(page, "报修多久回访")
    assert joined, "搜索“报修多久回访”没有结果"
    highlighted = page.locator(".md-search-result mark").all_inner_texts()
    assert any("回访" in text for text in highlighted), highlighted


FAQ_CATEGORIES = schema.FAQ_CATEGORIES
KB = load_knowledge_base(ROOT / "docs")
FAQ_PAGES = [p for p in KB.content_pages() if p.meta.category in FAQ_CATEGORIES and p.scan.faq()]


@pytest.mark.parametrize("src", [p.src for p in FAQ_PAGES])
def test_faq_questions_find_their_page_in_top_three(page, site_url, src):
    source = KB.pages[src]
    page.goto(site_url)
    misses = []
    for question in source.scan.faq():
        top = search(page, question)[:3]
        if page_path(site_url, src) not in top:
            misses.append(f"{question} → {top}")
    assert not misses, f"{source.file} 的常见问法没能找到本页：\n" + "\n".join(misses)
    assert_only_local_requests(page, site_url)


@pytest.mark.parametrize("src", ["index.md", "standards/time-limits.md", "etiquette/body-language.md",
                                 "complaints/ten-steps.md", "repairs/repair-process.md"])
def test_phone_width_has_no_horizontal_scroll(browser, site_url, src):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + page_path("", src).lstrip("/"))
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0, f"{src} 在 375 像素宽的屏幕上横向溢出 {overflow} 像素"


def test_mermaid_diagram_renders_from_local_copy(page, site_url):
    page.goto(site_url + "complaints/ten-steps/")
    # Material draws the diagram into a closed shadow root: check that it takes up space.
    page.wait_for_function(
        "document.querySelector('.mermaid') && document.querySelector('.mermaid').getBoundingClientRect().height > 50",
        timeout=15_000)
    assert any("/assets/vendor/mermaid/mermaid.min.js" in u for u in page.requested_urls)
    assert_only_local_requests(page, site_url)


def test_home_search_form_opens_search_with_the_query(page, site_url):
    page.goto(site_url)
    page.locator(".sb-home-search input").fill("装修备案")
    page.locator(".sb-home-search button").click()
    page.wait_for_function("document.querySelector('.md-search__input').value === '装修备案'")
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    assert page.locator(".md-search-result__item").count() > 0


def test_standard_prints_without_navigation_or_practice(page, site_url):
    page.goto(site_url + "standards/time-limits/")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.sb-practice']
        .map(sel => [...document.querySelectorAll(sel)].every(el => getComputedStyle(el).display === 'none'))""")
    assert all(hidden), hidden
    assert page.locator(".sb-practice").count() > 0  # it exists on screen, just not on paper
    assert page.evaluate("getComputedStyle(document.querySelector('.md-typeset table')).display") != "none"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
