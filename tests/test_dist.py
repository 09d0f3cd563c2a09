"""`make dist`: a zip of the site that works opened straight from disk, search included."""

from __future__ import annotations

import os
import subprocess
import zipfile

import pytest
from conftest import ROOT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def unpacked_dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(["make", "--no-print-directory", "dist", f"DIST_DIR={out}"], cwd=ROOT,
                            capture_output=True, text=True, env=dict(os.environ))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    archive = out / "servicebook-site.zip"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(out / "unpacked")
    return out / "unpacked" / "servicebook-site"


def test_dist_index_opens_from_file_and_search_finds_pages(unpacked_dist, page):
    index = unpacked_dist / "index.html"
    assert index.is_file()
    page.goto(index.as_uri())
    page.locator(".md-search__input").click()
    page.keyboard.type("投诉")
    page.keyboard.press("End")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    assert results.count() > 0
    # A pasted question finds its answering section from disk too (our worker, via iframe-worker).
    page.locator(".md-search__input").fill("电话回访")
    page.wait_for_function("""() => [...document.querySelectorAll('.md-search-result__link')]
        .some(a => /follow-up-visits\.html(\?[^#]*)?#./.test(decodeURIComponent(a.href)))""", timeout=10_000)
    # Every request stays on disk: nothing from the network.
    assert all(url.startswith(("file://", "data:", "blob:", "about:")) for url in page.requested_urls), \
        [u for u in page.requested_urls if not u.startswith("file://")]


def test_dist_pages_link_to_html_files(unpacked_dist):
    # Offline builds use file URLs (no directory URLs), so links work without a web server.
    html = (unpacked_dist / "index.html").read_text(encoding="utf-8")
    assert 'href="complaints/index.html"' in html or 'href="complaints/ten-steps.html"' in html


def test_dist_learning_features_work_from_disk(unpacked_dist, page):
    # 每日一练 loads the role's deck as a classic script from disk, and 错题本 links back to it.
    page.goto((unpacked_dist / "practice" / "daily.html").as_uri())
    page.get_by_role("button", name="客服").click()
    card = page.locator(".sb-daily__card")
    card.wait_for()
    qid = card.get_attribute("data-qid")
    for field in card.locator("input").all():
        field.fill("不知道")
    card.get_by_role("button", name="提交").click()
    page.goto((unpacked_dist / "practice" / "wrong.html").as_uri())
    page.locator(f'.sb-wrong__item[data-qid="{qid}"]').get_by_role("link", name="去每日一练重做").click()
    assert page.locator(".sb-daily__card").get_attribute("data-qid") == qid
    # The onboarding checklist remembers a tick from disk too.
    page.goto((unpacked_dist / "training" / "onboarding.html").as_uri())
    page.get_by_label("已读：万科企业与万科物业概况").check(force=True)
    page.reload()
    assert page.get_by_label("已读：万科企业与万科物业概况").is_checked()
