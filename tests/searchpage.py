"""Driving Material's search box in a real browser, as a reader types."""

from __future__ import annotations

from urllib.parse import urljoin, urlparse


def search(page, query: str) -> list[str]:
    """Type `query` into the search box; return the result pages' paths, best first."""
    box = page.locator(".md-search__input")
    if not box.is_visible():
        page.locator("label[for=__search]").first.click()
    box.fill("")
    box.press("End")
    # Chinese arrives through the IME as text input; Material listens for keyup.
    page.keyboard.insert_text(query)
    box.press("End")
    page.wait_for_function(
        """(query) => {
            const meta = document.querySelector('.md-search-result__meta');
            const box = document.querySelector('.md-search__input');
            return box.value === query && meta && !meta.textContent.includes('键入') &&
                   !meta.textContent.includes('正在初始化');
        }""", arg=query, timeout=10_000)
    page.wait_for_timeout(150)  # let the result list settle after the last keystroke
    hrefs = page.locator(".md-search-result__item > .md-search-result__link").evaluate_all(
        "els => els.map(e => e.href)")
    pages: list[str] = []
    for href in hrefs:  # one entry per page, in rank order (sections of a page share its path)
        path = urlparse(href).path
        if path not in pages:
            pages.append(path)
    return pages


def page_path(base_url: str, src: str) -> str:
    """The URL path of a docs/ page under directory URLs: complaints/ten-steps.md -> /complaints/ten-steps/."""
    if src == "index.md":
        return urlparse(base_url).path
    stem = src[: -len("index.md")] if src.endswith("index.md") else src[: -len(".md")] + "/"
    return urlparse(urljoin(base_url, stem)).path
