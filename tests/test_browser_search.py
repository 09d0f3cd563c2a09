"""Site search in a real browser as staff use it: pasted and voice text, unknown words, not-found,
answer-first links, a phone screen; no request leaves the site (issue 11)."""

from __future__ import annotations

from urllib.parse import unquote, urlparse

import pytest
from test_browser_site import assert_only_local_requests

pytestmark = pytest.mark.browser

RESULT_LINKS = ".md-search-result__item > .md-search-result__link"


def open_search(page):
    box = page.locator(".md-search__input")
    if not box.is_visible():
        page.locator("label[for=__search]").first.click()
    return box


def wait_for_results(page, query):
    page.wait_for_function(
        """(query) => {
            const meta = document.querySelector('.md-search-result__meta');
            return document.querySelector('.md-search__input').value === query && meta &&
                   document.querySelector('.md-search-result__item') !== null;
        }""", arg=query, timeout=10_000)
    page.wait_for_timeout(100)


def paste(page, query):
    """Text arriving without a keystroke: fill() sets the value and fires only an input event."""
    box = open_search(page)
    box.fill(query)
    wait_for_results(page, query)


def first_link(page) -> str:
    """The first result's page and section, as path#anchor (the ?h= highlight query left out)."""
    url = urlparse(unquote(page.locator(RESULT_LINKS).first.get_attribute("href")))
    return f"{url.path}#{url.fragment}"


def test_pasted_text_is_searched_without_a_keystroke(page, site_url):
    page.goto(site_url)
    paste(page, "电话回访")
    assert "complaints/follow-up-visits/" in first_link(page)
    assert_only_local_requests(page, site_url)


def test_unknown_first_word_still_finds_the_rest(page, site_url):
    page.goto(site_url)
    paste(page, "嘀嘀嘀首问负责制")
    assert "complaints/first-responsibility/#首问负责制" in first_link(page)


def test_suggest_completes_the_typed_word_and_the_right_arrow_takes_it(page, site_url):
    page.goto(site_url)
    paste(page, "首问负")  # as an IME or voice input delivers it: no key pressed
    suggest = page.locator(".md-search__suggest")
    page.wait_for_function("() => document.querySelector('.md-search__suggest').textContent === '首问负责制'",
                           timeout=10_000)
    open_search(page).press("ArrowRight")
    assert open_search(page).input_value() == "首问负责制"


def test_ime_composition_end_searches(page, site_url):
    page.goto(site_url)
    box = open_search(page)
    box.focus()
    # An IME commits the word: the value changes inside a composition, then compositionend.
    page.evaluate("""() => {
        const box = document.querySelector('.md-search__input');
        box.dispatchEvent(new CompositionEvent('compositionstart'));
        box.value = '装修备案';
        box.dispatchEvent(new InputEvent('input', {isComposing: true}));
        box.dispatchEvent(new CompositionEvent('compositionend', {data: '装修备案'}));
    }""")
    wait_for_results(page, "装修备案")
    assert "frontdesk/renovation-filing/" in first_link(page)


def test_result_link_lands_on_the_answering_section_and_highlights(page, site_url):
    page.goto(site_url)
    paste(page, "水管爆了维修师傅多久能到")
    link = first_link(page)
    assert "repairs/repair-process/#" in link, link
    page.locator(RESULT_LINKS).first.click()
    page.wait_for_load_state()
    url = urlparse(unquote(page.url))
    assert url.fragment and f"{url.path}#{url.fragment}" == link
    assert "h=" in url.query
    page.wait_for_function("document.querySelector('mark[data-md-highlight]') !== null", timeout=10_000)


def test_snippet_has_no_missing_terms_line_and_no_diagram_source(page, site_url):
    page.goto(site_url)
    paste(page, "投诉处理十步法第一步")
    texts = page.locator(".md-search-result").inner_text()
    assert "缺少" not in texts
    assert "flowchart" not in texts and "-->" not in texts


def test_question_the_sources_do_not_answer_says_so(page, site_url):
    page.goto(site_url)
    paste(page, "门禁卡丢了补办要多少钱")
    meta = page.locator(".md-search-result__meta").inner_text()
    assert "知识库中没有找到关于“门禁卡丢了补办要多少钱”的规定" in meta
    items = page.locator(".md-search-result__item")
    assert "知识库中没有找到" in items.first.inner_text()
    assert "complaints/first-responsibility/#首问负责制" in first_link(page)
    assert 2 <= items.count() <= 4  # the message, then the nearest topics
    # The page that says the sources have no rule on 门禁卡补办 comes first among them, quoted.
    assert "资料中没有前台代收快递、外卖和包裹的规定，也没有门禁卡补办" in items.nth(1).inner_text()
    assert_only_local_requests(page, site_url)


def test_search_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    page.goto(site_url)
    paste(page, "业主骂人怎么办")
    first = page.locator(RESULT_LINKS).first
    assert first.is_visible()
    page.wait_for_timeout(400)  # Material slides the search panel in
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    assert_only_local_requests(page, site_url)
    context.close()
