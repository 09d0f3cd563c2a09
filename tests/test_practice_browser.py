"""自测, 错题本 and 每日一练 in a real browser, on a small fixture project (not the real site, for speed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import mkdocs_build, serve
from sitefixture import make_project
from test_practice_leaks import BANK, PAGE


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("practice-browser")
    root = make_project(tmp, {"complaints/ten-steps.md": PAGE}, bank={"complaints/ten-steps.yml": BANK})
    site = tmp / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr[-3000:]
    server = serve(site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def question(page, qid: str):
    return page.locator(f'.sb-q[data-qid="{qid}"]')


def test_answer_wrong_then_right_with_progress_kept_and_wrong_book(page, base_url):
    page.goto(base_url + "complaints/ten-steps/")
    q = question(page, "ten-steps-001")
    q.get_by_label(re.compile("马上致歉")).check()
    q.get_by_role("button", name="提交").click()
    assert "回答错误" in q.locator(".sb-q__feedback").inner_text()
    assert "练习解析" in q.locator(".sb-q__feedback").inner_text()
    assert q.locator("a.sb-q__source").get_attribute("href") == "#第一步聆听"

    page.reload()
    assert "回答错误" in question(page, "ten-steps-001").locator(".sb-q__feedback").inner_text()
    page.goto(base_url + "practice/wrong/")
    assert "练习题：处理投诉的第一步是什么？" in page.locator(".sb-wrong").inner_text()

    page.goto(base_url + "complaints/ten-steps/")
    q = question(page, "ten-steps-001")
    q.get_by_label(re.compile("聆听业主诉说")).check()
    q.get_by_role("button", name="提交").click()
    assert "回答正确" in q.locator(".sb-q__feedback").inner_text()
    page.reload()
    assert "回答正确" in question(page, "ten-steps-001").locator(".sb-q__feedback").inner_text()
    page.goto(base_url + "practice/wrong/")
    assert "暂无错题" in page.locator(".sb-wrong").inner_text()


def test_generated_blank_accepts_chinese_numerals(page, base_url):
    page.goto(base_url + "complaints/ten-steps/")
    q = page.locator('.sb-q[data-type="填空"]').first
    q.locator("input").fill(" 十分钟 ")
    q.get_by_role("button", name="提交").click()
    assert "回答正确" in q.locator(".sb-q__feedback").inner_text()


def test_ordering_question_is_answered_with_up_and_down_buttons(page, base_url):
    page.goto(base_url + "complaints/ten-steps/")
    q = question(page, "ten-steps-004")
    right = ["聆听业主诉说并做好记录", "向业主真诚致歉", "提出解决方案并征求业主意见"]
    for target, text in enumerate(right):
        while (steps := q.locator(".sb-q__step-text").all_inner_texts()).index(text) > target:
            q.locator(".sb-q__step").nth(steps.index(text)).get_by_role("button", name="上移").click()
    assert q.locator(".sb-q__step-text").all_inner_texts() == right
    q.get_by_role("button", name="提交").click()
    assert "回答正确" in q.locator(".sb-q__feedback").inner_text()


def test_daily_session_runs_to_its_end_and_shows_next_time(page, base_url):
    page.goto(base_url + "practice/daily/")
    page.get_by_role("button", name="客服").click()
    page.locator(".sb-daily__card").wait_for()
    cards = 0
    while page.locator(".sb-daily__card").count():
        for field in page.locator(".sb-daily__card input").all():
            field.fill("不知道")
        page.get_by_role("button", name="提交").click()
        # After answering: the whole sentence with the fact filled in, and a link to its clause.
        assert page.locator(".sb-daily__card .sb-q__explanation").inner_text().startswith("出自《")
        assert "___" not in page.locator(".sb-daily__card .sb-q__explanation").inner_text()
        assert "#" in page.locator(".sb-daily__card .sb-q__source").get_attribute("href")
        page.locator(".sb-daily__next-card").click()
        cards += 1
        assert cards <= 10
    assert cards >= 1
    assert "本次练习完成" in page.locator(".sb-daily__done").inner_text()
    assert "下次练习时间" in page.locator(".sb-daily__next").inner_text()
    page.goto(base_url + "practice/wrong/")
    assert page.locator(".sb-wrong__from", has_text="来自每日一练").count() == cards


def test_practice_block_fits_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN")
    phone = context.new_page()
    phone.goto(base_url + "complaints/ten-steps/")
    block = phone.locator(".sb-practice")
    block.scroll_into_view_if_needed()
    overflow = block.evaluate("el => [el.scrollWidth, el.clientWidth, document.documentElement.scrollWidth]")
    context.close()
    assert overflow[0] <= overflow[1] and overflow[2] <= 375, overflow


def test_browser_normalises_blanks_like_the_python_grader(page, base_url):
    from servicebook.numerals import normalize_answer

    cases = json.loads((Path(__file__).parent / "data" / "numerals_cases.json").read_text(encoding="utf-8"))
    samples = [typed for typed, _ in cases["normalize"]]
    page.goto(base_url + "complaints/ten-steps/")
    in_browser = page.evaluate("samples => samples.map(window.sbNormalizeAnswer)", samples)
    assert in_browser == [normalize_answer(s) for s in samples]


def test_redo_from_the_wrong_book_is_a_fresh_attempt(page, base_url):
    page.goto(base_url + "complaints/ten-steps/")
    q = question(page, "ten-steps-001")
    q.get_by_label(re.compile("马上致歉")).check()
    q.get_by_role("button", name="提交").click()
    page.goto(base_url + "practice/wrong/")
    page.get_by_role("link", name="去《处理投诉十步法》重做").click()
    q = question(page, "ten-steps-001")
    assert not q.get_by_label(re.compile("马上致歉")).is_checked()
    assert q.locator(".sb-q__feedback").inner_text() == ""  # no old choice, no answer showing
    q.get_by_label(re.compile("聆听业主诉说")).check()
    q.get_by_role("button", name="提交").click()
    assert "回答正确" in q.locator(".sb-q__feedback").inner_text()


def test_wrong_book_drops_questions_that_no_longer_exist_with_a_note(page, base_url):
    page.goto(base_url + "practice/wrong/")
    page.evaluate("""() => localStorage.setItem('sb-wrong-v1', JSON.stringify({
        'gen-ten-steps-gone-t': {stem: '旧题：接到投诉后___内回应', title: '处理投诉十步法', key: 'complaints/ten-steps/',
                                 anchor: '第一步聆听', time: 1, from: 'daily'}}))""")
    page.reload()
    assert "已从错题本移出" in page.locator(".sb-wrong").inner_text()
    assert "旧题" not in page.locator(".sb-wrong").inner_text()
    page.reload()
    assert "已从错题本移出" not in page.locator(".sb-wrong").inner_text()  # said once


def test_enter_submits_a_typed_answer(page, base_url):
    page.goto(base_url + "complaints/ten-steps/")
    q = page.locator('.sb-q[data-type="填空"]').first
    q.locator("input").fill("10分钟")
    q.locator("input").press("Enter")
    assert "回答正确" in q.locator(".sb-q__feedback").inner_text()


def test_ordering_steps_show_their_numbers(page, base_url):
    page.goto(base_url + "complaints/ten-steps/")
    q = question(page, "ten-steps-004")
    assert q.locator(".sb-q__step-no").all_inner_texts() == ["1", "2", "3"]
    assert q.locator(".sb-q__step-no").first.is_visible()


def test_choice_options_are_shown_in_a_new_order_each_time(page, base_url):
    firsts = set()
    for _ in range(10):
        page.goto(base_url + "complaints/ten-steps/")
        first = question(page, "ten-steps-001").locator(".sb-q__option").first.inner_text().strip()
        firsts.add(first.split(". ", 1)[1])
        assert first.startswith("A. ")  # letters follow the order on screen
    assert len(firsts) > 1


def test_practice_links_and_buttons_have_room_to_tap_on_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN", has_touch=True)
    phone = context.new_page()
    phone.goto(base_url + "complaints/ten-steps/")
    q = question(phone, "ten-steps-001")
    q.get_by_label(re.compile("马上致歉")).check()
    submit = q.get_by_role("button", name="提交")
    submit.click()
    boxes = [submit.bounding_box(), q.locator("a.sb-q__source").bounding_box()]
    steps = [b.bounding_box() for b in question(phone, "ten-steps-004").locator(".sb-q__move").all()[:2]]
    context.close()
    assert boxes[0]["height"] >= 32 and boxes[1]["height"] >= 24, boxes  # a finger-sized target
    assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"] + 4, boxes  # not squeezed against each other
    assert all(b["height"] >= 32 for b in steps), steps
