"""The exam on a phone: a real uvicorn on 127.0.0.1 (fake clock), Debian's chromium at 375 px."""

from __future__ import annotations


import openpyxl
import pytest

from serverfixture import open_exam, running_server
from servicebook.grading.gradebook import Gradebook
from servicebook.server import saves

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 740}, "locale": "zh-CN", "has_touch": True, "is_mobile": True}
# An intranet http:// address is not a secure context: the page must not need these.
NOT_SECURE = "delete Crypto.prototype.randomUUID; delete Navigator.prototype.serviceWorker;"
# What must never reach a phone before the window closes: keys, accepted blanks, rubric points,
# the manifest's key field and sources, other people's papers.
KEY_MATERIAL = ["先安抚情绪", "记录并承诺时限", "3声", "10分钟", "BADC", '"key"', "rubric", "ten-steps#",
                "repair-flow#", "李四", "王五", "P0002", "P0003"]


@pytest.fixture
def exam(tmp_path):
    return open_exam(tmp_path, duration_minutes=60)


@pytest.fixture
def served(exam):
    with running_server(exam.config) as (url, recorder):
        yield url, recorder


def phone(browser):
    context = browser.new_context(**PHONE)
    context.add_init_script(NOT_SECURE)
    return context


def code_from_sheet(exam_dir, staff_no: str) -> str:
    """The 登录码 printed for `staff_no` on signin.xlsx (row 2 is the header)."""
    sheet = openpyxl.load_workbook(exam_dir / "signin.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[1])
    for row in rows[2:]:
        if row[header.index("工号")] == staff_no:
            return str(row[header.index("登录码")])
    raise AssertionError(f"{staff_no} not on the sheet")


def sign_in(page, url: str, staff_no: str, code: str, *, refused: bool = False) -> None:
    page.goto(f"{url}/signin?staff={staff_no}")
    assert page.get_by_label("工号").input_value() == staff_no
    page.get_by_label("登录码").fill(code)
    page.get_by_role("button", name="开始考试").click()
    if refused:
        page.get_by_role("alert").wait_for()
    else:  # the paper with its script ready (answering earlier would be a change the script never saw)
        page.wait_for_selector("html[data-exam-ready]", state="attached")


def status(page):
    return page.locator("#status")


def answer_everything(page) -> None:
    page.locator("#q1").get_by_label("B.", exact=False).check()
    page.locator("#q2").get_by_label("A.", exact=False).check()
    page.locator("#q2").get_by_label("C.", exact=False).check()
    page.locator("#q3").get_by_label("错").check()
    page.get_by_label("第 4 题第 1 空").fill("五声")
    page.get_by_label("第 4 题第 2 空").fill("15分钟")
    for position, letter in enumerate("ABCD", start=1):
        page.locator(f"select[name=q5-{position}]").select_option(letter)
    page.get_by_label("第 6 题作答").fill("先道歉，再处理")


def current_answers(exam) -> dict[int, str]:
    with Gradebook(exam.db) as gb:
        return saves.final_answers(gb, "2026-12-客服").get("P0001", {})


def test_a_whole_attempt_on_a_phone_keeps_every_answer_and_leaks_no_key(browser, exam, served):
    url, recorder = served
    context = phone(browser)
    page = context.new_page()
    page.clock.install()
    sign_in(page, url, "E001", code_from_sheet(exam.exam_dir, "E001"))
    assert page.evaluate("typeof crypto.randomUUID + typeof navigator.serviceWorker") == "undefinedundefined"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than the phone

    answer_everything(page)
    page.get_by_label("第 6 题作答").blur()
    page.wait_for_function("document.getElementById('status').textContent === '已保存'")
    assert page.locator("p.count").inner_text() == "已输入 7 字"
    expected = {1: "B", 2: "AC", 3: "错", 4: "五声；15分钟", 5: "ABCD", 6: "先道歉，再处理"}
    assert current_answers(exam) == expected

    page.reload()  # mid-exam: everything acknowledged is back on the page
    page.wait_for_selector("html[data-exam-ready]", state="attached")
    assert page.locator("#q1 input[value=B]").is_checked() and page.locator("#q2 input[value=C]").is_checked()
    assert page.get_by_label("第 4 题第 2 空").input_value() == "15分钟"
    assert page.locator("select[name=q5-4]").input_value() == "D"
    assert page.locator(".map a.answered").count() == 6

    context.set_offline(True)
    page.locator("#q1").get_by_label("C.", exact=False).check()
    page.wait_for_function("document.getElementById('status').textContent.indexOf('网络断开') >= 0")
    assert "1 处修改" in status(page).inner_text()
    assert current_answers(exam)[1] == "B"
    context.set_offline(False)  # the browser's online event replays the queue
    page.wait_for_function("document.getElementById('status').textContent === '已保存'")
    assert current_answers(exam)[1] == "C"

    # The deadline: the server's clock and the phone's both pass it; the page hands in by itself.
    exam.clock.advance(3600 + 1)
    page.clock.fast_forward(3600 * 1000)
    page.wait_for_selector("text=已交卷")
    assert "到时自动交卷" in page.content()
    context.close()

    assert len(recorder.bodies) > 10
    for path, body in recorder.bodies:
        for secret in KEY_MATERIAL:
            assert secret not in body, f"{secret!r} sent in the response to {path}"


def test_a_wrong_code_is_refused_and_repeated_wrong_codes_lock_out(browser, exam, served):
    url, _ = served
    context = phone(browser)
    page = context.new_page()
    sign_in(page, url, "E002", "11111111", refused=True)
    assert "工号或登录码不正确" in page.get_by_role("alert").inner_text()
    for _ in range(4):
        sign_in(page, url, "E002", "11111111", refused=True)
    sign_in(page, url, "E002", code_from_sheet(exam.exam_dir, "E002"), refused=True)
    assert "登录失败次数过多，已暂时锁定" in page.get_by_role("alert").inner_text()
    assert page.locator("section.q").count() == 0
    context.close()


def test_another_persons_attempt_is_unreachable_by_changing_ids(browser, exam, served):
    url, _ = served
    other = phone(browser)
    other_page = other.new_page()
    sign_in(other_page, url, "E002", code_from_sheet(exam.exam_dir, "E002"))
    their_attempt = int(other_page.url.rsplit("/", 1)[1])
    mine = phone(browser)
    page = mine.new_page()
    sign_in(page, url, "E001", code_from_sheet(exam.exam_dir, "E001"))
    my_attempt = int(page.url.rsplit("/", 1)[1])
    assert my_attempt != their_attempt

    response = page.goto(f"{url}/exam/{their_attempt}")
    assert response.status == 404 and "页面不存在" in page.content() and "李四" not in page.content()
    page.goto(f"{url}/exam/{my_attempt}")
    csrf = page.locator("#paper").get_attribute("data-csrf")
    reply = page.evaluate("""async ([attempt, csrf]) => {
        const r = await fetch('/api/save', {method: 'POST', headers: {'Content-Type': 'application/json',
            'X-CSRF-Token': csrf}, body: JSON.stringify({attempt, device: 'x', saves: [
            {n: 1, seq: 1, answer: 'A', remaining: 100}]})});
        return [r.status, await r.text()];
    }""", [their_attempt, csrf])
    assert reply[0] == 404
    with Gradebook(exam.db) as gb:
        assert saves.answers(gb, their_attempt) == {}
    other.close()
    mine.close()


def test_state_changing_requests_need_the_sessions_csrf_token(browser, exam, served):
    url, _ = served
    context = phone(browser)
    page = context.new_page()
    sign_in(page, url, "E001", code_from_sheet(exam.exam_dir, "E001"))
    attempt = int(page.url.rsplit("/", 1)[1])
    results = page.evaluate("""async (attempt) => {
        const body = JSON.stringify({attempt, device: 'x', saves: [{n: 1, seq: 1, answer: 'A', remaining: 100}]});
        const json = {'Content-Type': 'application/json'};
        const none = await fetch('/api/save', {method: 'POST', headers: json, body});
        const wrong = await fetch('/api/save', {method: 'POST', headers: {...json, 'X-CSRF-Token': 'forged'}, body});
        const form = await fetch('/exam/' + attempt, {method: 'POST', body: new URLSearchParams({action: 'submit', q1: 'A'})});
        return [none.status, wrong.status, form.status, await form.text()];
    }""", attempt)
    assert results[:3] == [403, 403, 403]
    assert "页面已过期" in results[3]
    with Gradebook(exam.db) as gb:
        assert saves.answers(gb, attempt) == {}
        assert gb.query("SELECT submitted_at FROM online_attempts WHERE attempt_id = ?", (attempt,)) == [(None,)]
    context.close()


def test_the_old_phones_queued_answers_count_when_it_signs_in_again(browser, exam, served):
    url, _ = served
    code = code_from_sheet(exam.exam_dir, "E001")
    old, new = phone(browser), phone(browser)
    old_page, new_page = old.new_page(), new.new_page()
    sign_in(old_page, url, "E001", code)
    old.set_offline(True)  # the old phone answers question 3 with no connection
    old_page.locator("#q3").get_by_label("对").check()
    exam.clock.advance(30)
    sign_in(new_page, url, "E001", code)  # meanwhile the person moves to another phone
    new_page.locator("#q1").get_by_label("D.", exact=False).check()
    new_page.wait_for_function("document.getElementById('status').textContent === '已保存'")
    old.set_offline(False)
    old_page.wait_for_function("document.getElementById('status').textContent.indexOf('本机登录已结束') >= 0")
    assert current_answers(exam) == {1: "D"}
    sign_in(old_page, url, "E001", code)  # back on the old phone: its queue goes out
    old_page.wait_for_function("document.getElementById('status').textContent === '已保存'")
    assert current_answers(exam) == {1: "D", 3: "对"}
    assert old_page.locator("#q1 input[value=D]").is_checked()
    old.close()
    new.close()


def test_an_answer_changed_offline_before_the_deadline_counts_when_the_phone_returns_within_the_grace(
        browser, exam, served):
    url, _ = served
    context = phone(browser)
    page = context.new_page()
    sign_in(page, url, "E001", code_from_sheet(exam.exam_dir, "E001"))
    paper_url = page.url
    context.set_offline(True)
    page.locator("#q3").get_by_label("对").check()  # changed before the deadline, with no connection
    page.wait_for_function("document.getElementById('status').textContent.indexOf('网络断开') >= 0")
    page.close()  # the browser is closed; the change waits in localStorage
    exam.clock.advance(3600 + 90)  # the deadline has passed; 90 s of the 120 s grace
    context.set_offline(False)
    page = context.new_page()
    page.goto(paper_url)
    page.wait_for_selector("html[data-exam-ready]", state="attached")
    assert "到时自动交卷" in page.content()  # handed in at the deadline …
    page.wait_for_function("document.getElementById('status').textContent === '已保存'")
    assert current_answers(exam) == {3: "对"}  # … and the offline change still counts
    context.close()


def test_switching_away_from_the_exam_is_counted(browser, exam, served):
    url, _ = served
    context = phone(browser)
    page = context.new_page()
    sign_in(page, url, "E001", code_from_sheet(exam.exam_dir, "E001"))
    page.evaluate("""() => {
        Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    from servicebook.server import store

    with Gradebook(exam.db) as gb:
        for _ in range(200):  # the event is sent without waiting for a reply: look until it is recorded
            if store.event_counts(gb, "2026-12-客服", "hidden"):
                break
            page.wait_for_timeout(50)
        assert store.event_counts(gb, "2026-12-客服", "hidden") == {"P0001": 1}
    assert page.locator("section.q").count() == 6  # never handed in for it
    context.close()


def seconds_shown(page) -> int:
    minutes, seconds = page.locator("#timer").inner_text().split(":")[-2:]
    return int(minutes) * 60 + int(seconds)


def test_the_countdown_follows_the_server_even_when_the_phones_clock_is_wrong(browser, exam, served):
    url, _ = served
    context = phone(browser)
    page = context.new_page()
    page.clock.install(time=978_307_200)  # the phone believes it is 2001
    exam.clock.advance(600)  # ten minutes into the window before this person starts
    sign_in(page, url, "E001", code_from_sheet(exam.exam_dir, "E001"))
    page.clock.run_for(1000)
    assert abs(seconds_shown(page) - 3599) <= 2  # an hour from signing in, by the server's clock
    page.clock.fast_forward(25 * 60 * 1000)
    assert abs(seconds_shown(page) - (3600 - 25 * 60)) <= 2
    context.close()


def test_handing_in_asks_first_then_sends_every_change(browser, exam, served):
    url, _ = served
    context = phone(browser)
    page = context.new_page()
    sign_in(page, url, "E001", code_from_sheet(exam.exam_dir, "E001"))
    page.get_by_label("第 6 题作答").fill("先安抚业主情绪")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="交卷").click()
    assert asked == ["确定交卷吗？交卷后不能再修改答案。"]
    assert page.locator("section.q").count() == 6  # dismissed: still answering
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="交卷").click()
    page.wait_for_selector("text=本人交卷")
    assert current_answers(exam) == {6: "先安抚业主情绪"}
    context.close()
    from servicebook.server import store

    with Gradebook(exam.db) as gb:  # leaving the paper to hand it in is not a 切屏
        assert store.event_counts(gb, "2026-12-客服", "hidden") == {}
