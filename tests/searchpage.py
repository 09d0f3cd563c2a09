"""Driving Material's search box in a real browser, as a reader types."""

from __future__ import annotations

from urllib.parse import urljoin, urlparse


# Counts the search worker's queries (Material posts the box's value on each keyup) and answers, and
# notes when the page has painted the latest answer (two animation frames after it arrived).
WATCH_WORKER = """() => {
    if (window.__servicebookSearchWatch) return;
    const state = window.__servicebookSearchWatch = {sent: 0, answered: 0, painted: 0, last: null};
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) {
        if (!this.__servicebookWatched) {
            this.__servicebookWatched = true;
            this.addEventListener("message", (event) => {
                if (!event.data || event.data.type !== 3) return;
                const answered = ++state.answered;
                requestAnimationFrame(() => requestAnimationFrame(() => { state.painted = answered; }));
            });
        }
        if (message && message.type === 2) { state.sent++; state.last = message.data; }
        return post.call(this, message, ...rest);
    };
}"""


def search(page, query: str) -> list[str]:
    """Type `query` into the search box; return the result pages' paths, best first."""
    box = page.locator(".md-search__input")
    if not box.is_visible():
        page.locator("label[for=__search]").first.click()
    page.evaluate(WATCH_WORKER)
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
    # The worker has answered the query as typed, and the page has painted that answer.
    page.wait_for_function(
        """(query) => {
            const state = window.__servicebookSearchWatch;
            return state.last === query && state.answered === state.sent && state.painted === state.answered;
        }""", arg=query, timeout=10_000)
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
