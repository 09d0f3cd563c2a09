"""Issue 13: after an online exam each person sees their score and 错题解析 (with the explanation and a
link to the section) only once the window has ended; the trainer watches who signed in, submitted or
has not started per 项目, closes, grades and downloads the 签到表. Real servers, a real phone browser."""

from __future__ import annotations

import io
import re
import threading

import openpyxl
import pytest
import uvicorn
from conftest import ROOT
from serverfixture import TRAINER_TOKEN, open_exam
from starlette.testclient import TestClient

from servicebook.grading.gradebook import Gradebook
from servicebook.grading.keyfiles import load_context
from servicebook.server import store
from servicebook.server.app import create_app

SITE = "http://kb.example.local/"
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}


@pytest.fixture(scope="module")
def real_question():
    """A 单选 question of the real bank with an explanation, and the page its source names."""
    context = load_context(ROOT, SITE)
    question = next(q for q in sorted(context.questions.values(), key=lambda q: q.id)
                    if q.type == "单选" and q.explanation and q.page_id in context.pages and len(q.options) == 4)
    return question, context.pages[question.page_id]


@pytest.fixture
def exam(tmp_path, real_question, monkeypatch):
    """The fixture exam with question 1 replaced by a real one, so the explanation comes from the bank."""
    import gradingfixture

    question, page = real_question
    first = dict(gradingfixture.QUESTIONS[0], id=question.id, source=question.source, page=page.src,
                 options=list(question.options), key=question.answer[0], stem=question.stem)
    monkeypatch.setattr(gradingfixture, "QUESTIONS", [first] + gradingfixture.QUESTIONS[1:])
    opened = open_exam(tmp_path)
    opened.config.project_root = ROOT
    opened.config.site_url = SITE
    return opened


def wrong_letter(question) -> str:
    return next(letter for letter in "ABCD" if letter != question.answer[0])


# ---- Over HTTP (in process) ----

def client_for(exam) -> TestClient:
    return TestClient(create_app(exam.config), base_url="http://127.0.0.1", raise_server_exceptions=False)


def csrf_of(text: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', text).group(1)


def sign_in(client, staff_no, code, path="/", post="/signin"):
    return client.post(post, data={"csrf": csrf_of(client.get(path).text), "staff": staff_no, "code": code},
                       follow_redirects=False)


def test_nothing_of_the_key_before_the_window_ends_and_nobody_reads_another_persons_result(exam, real_question):
    question, _ = real_question
    with client_for(exam) as client:
        attempt = int(sign_in(client, "E001", exam.code_of("E001")).headers["location"].rsplit("/", 1)[1])
        page = client.get(f"/exam/{attempt}").text
        client.post(f"/exam/{attempt}", data={"csrf": csrf_of(page), "q1": wrong_letter(question), "action": "submit"})
        waiting = client.get(f"/results/{attempt}")
        assert waiting.status_code == 200
        assert "成绩和错题解析在考试结束后公布" in waiting.text
        for secret in (question.explanation, "正确答案", "解析：", "评分要点", "先安抚情绪"):
            assert secret not in waiting.text
    with client_for(exam) as other:
        sign_in(other, "E002", exam.code_of("E002"))
        assert other.get(f"/results/{attempt}").status_code == 404  # E002's phone, E001's attempt
    with client_for(exam) as stranger:
        assert stranger.get(f"/results/{attempt}").status_code == 404
        refused = sign_in(stranger, "E001", "00000000", "/results", "/results")
        assert refused.status_code == 400 and "工号或登录码不正确" in refused.text


def test_grade_online_waits_for_the_end_then_grades_and_grading_again_changes_nothing(exam, real_question):
    from click.testing import CliRunner

    from servicebook.cli import main
    from servicebook.server import windows

    question, _ = real_question
    with client_for(exam) as client:
        attempt = int(sign_in(client, "E001", exam.code_of("E001")).headers["location"].rsplit("/", 1)[1])
        page = client.get(f"/exam/{attempt}").text
        client.post(f"/exam/{attempt}", data={"csrf": csrf_of(page), "q1": question.answer[0], "q3": "对",
                                              "q6": "先请业主坐下。", "action": "save"})
    grade = ["exam", "grade-online", str(exam.exam_dir), "--db", str(exam.db)]
    early = CliRunner().invoke(main, grade)
    assert early.exit_code == 1
    assert "还在进行" in early.output and "先关闭考试" in early.output
    with Gradebook(exam.db) as gb:
        windows.close_by_id(gb, "2026-12-客服", exam.clock.now())
    graded = CliRunner().invoke(main, grade)
    assert graded.exit_code == 0, graded.output
    assert "已评分 1 人，缺考 2 人" in graded.output and "新增 3 人" in graded.output
    assert "情景题的作答已写入" in graded.output
    marking = openpyxl.load_workbook(exam.exam_dir / "scenario-marking.xlsx")["情景评分"]
    assert [r[5] for r in marking.iter_rows(min_row=3, values_only=True)] == ["先请业主坐下。", None, None]
    again = CliRunner().invoke(main, grade)
    assert "未做任何修改" in again.output, again.output
    with Gradebook(exam.db) as gb:
        assert gb.query("SELECT staff_no, total FROM scores") == [("E001", 20.0)]


def test_after_close_a_person_signs_in_again_on_results_and_one_who_never_started_reads_absent(exam, real_question):
    from servicebook.server import results, windows

    question, _ = real_question
    with client_for(exam) as client:
        attempt = int(sign_in(client, "E001", exam.code_of("E001")).headers["location"].rsplit("/", 1)[1])
        page = client.get(f"/exam/{attempt}").text
        client.post(f"/exam/{attempt}", data={"csrf": csrf_of(page), "q1": wrong_letter(question), "action": "submit"})
    with Gradebook(exam.db) as gb:
        windows.close_by_id(gb, "2026-12-客服", exam.clock.now())
        results.grade(gb, "2026-12-客服", exam.clock.now())
    with client_for(exam) as phone:  # another phone, after the window: the exam's sign-in refuses, /results lets in
        assert "已经结束" in sign_in(phone, "E001", exam.code_of("E001")).text
        signed = sign_in(phone, "E001", exam.code_of("E001"), "/results", "/results")
        assert signed.status_code == 303 and signed.headers["location"] == f"/results/{attempt}"
        shown = phone.get(f"/results/{attempt}").text
        assert "错题解析" in shown and question.explanation in shown and "不及格" in shown
        with Gradebook(exam.db) as gb:  # the trainer corrects the key: the page follows, no restart
            from servicebook import api

            api.fix_key(gb, exam.exam_dir.parent.parent, exam.exam_dir, question.id, wrong_letter(question),
                        paper="P0001")
        corrected = phone.get(f"/results/{attempt}").text
        assert 'id="q1"' not in corrected and "<b>10</b> 分" in corrected
    with client_for(exam) as phone:
        absent = sign_in(phone, "E003", exam.code_of("E003"), "/results", "/results")
        assert absent.status_code == 200 and "记为缺考" in absent.text


def test_results_at_submission_show_each_person_only_after_their_own_hand_in(exam, real_question):
    question, _ = real_question
    with Gradebook(exam.db) as gb:
        store.set_results_at(gb, "2026-12-客服", "submit")
    with client_for(exam) as mine, client_for(exam) as theirs:
        attempt = int(sign_in(mine, "E001", exam.code_of("E001")).headers["location"].rsplit("/", 1)[1])
        other = int(sign_in(theirs, "E002", exam.code_of("E002")).headers["location"].rsplit("/", 1)[1])
        page = mine.get(f"/exam/{attempt}").text
        mine.post(f"/exam/{attempt}", data={"csrf": csrf_of(page), "q1": wrong_letter(question), "q3": "对",
                                            "q6": "先安抚。", "action": "save"})
        before = mine.get(f"/results/{attempt}").text
        assert "交卷后即可查看" in before and question.explanation not in before and "正确答案" not in before
        mine.post(f"/exam/{attempt}", data={"csrf": csrf_of(page), "action": "submit"})
        after = mine.get(f"/results/{attempt}").text
        assert "情景题待培训师评分" in after and question.explanation in after
        assert "<b>10</b> 分" in after  # 判断 right; 单选 wrong; 情景 not yet marked
        assert 'id="q6"' not in after  # the unmarked 情景 is not a wrong answer
        still = theirs.get(f"/results/{other}").text  # E002 has not handed in: nothing of the key
        assert "交卷后即可查看" in still and "正确答案" not in still and question.explanation not in still
    with Gradebook(exam.db) as gb:
        assert gb.query("SELECT count(*) FROM scores") == [(0,)]  # shown, not recorded: grading happens at close


def trainer_client(client):
    login = client.get("/trainer/login").text
    client.post("/trainer/login", data={"csrf": csrf_of(login), "token": TRAINER_TOKEN})
    return csrf_of(client.get("/trainer/exams/2026-12-客服").text)


def test_the_trainer_marks_typed_scenario_answers_on_the_sheet_and_uploads_it(exam, real_question, tmp_path):
    from test_grade_online import fill_marks

    with client_for(exam) as phone:
        attempt = int(sign_in(phone, "E001", exam.code_of("E001")).headers["location"].rsplit("/", 1)[1])
        page = phone.get(f"/exam/{attempt}").text
        phone.post(f"/exam/{attempt}", data={"csrf": csrf_of(page), "q3": "对", "q6": "先请业主坐下，再记录。",
                                             "action": "submit"})
    with client_for(exam) as desk:
        csrf = trainer_client(desk)
        graded = desk.post("/trainer/exams/2026-12-客服/grade", data={"csrf": csrf}).text
        assert "已评分 1 人，缺考 2 人" in graded
        sheet = tmp_path / "marked.xlsx"
        sheet.write_bytes(desk.get("/trainer/exams/2026-12-客服/scenario-marking.xlsx").content)
        typed = openpyxl.load_workbook(sheet)["情景评分"]
        assert [r[5] for r in typed.iter_rows(min_row=3, values_only=True)][0] == "先请业主坐下，再记录。"
        before = (exam.exam_dir / "scenario-marking.xlsx").read_bytes()
        fill_marks(sheet, {"P0001": (4, 2)})  # over the maximum of 3
        refused = desk.post("/trainer/exams/2026-12-客服/marks", data={"csrf": csrf},
                            files={"sheet": ("marked.xlsx", sheet.read_bytes())})
        assert refused.status_code == 400
        assert "第 3 行：I 列（评分1）：评分 4 超出范围（该要点满分 3 分）。" in refused.text
        assert (exam.exam_dir / "scenario-marking.xlsx").read_bytes() == before  # nothing replaced
        fill_marks(sheet, {"P0001": (3, 2)})
        marked = desk.post("/trainer/exams/2026-12-客服/marks", data={"csrf": csrf},
                           files={"sheet": ("marked.xlsx", sheet.read_bytes())})
        assert marked.status_code == 200 and "新增 0 人，更新 1 人" in marked.text
        no_token = desk.post("/trainer/exams/2026-12-客服/marks", files={"sheet": ("m.xlsx", sheet.read_bytes())})
        assert no_token.status_code == 403
    with Gradebook(exam.db) as gb:
        assert gb.query("SELECT staff_no, total FROM scores") == [("E001", 15.0)]


# ---- In a real browser on a phone, against a real server ----

@pytest.fixture
def served(exam):
    config = uvicorn.Config(create_app(exam.config), host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    ready = threading.Event()
    while not server.started:  # the server's own flag: bound and serving
        ready.wait(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield exam, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join()


def phone_sign_in(page, base, staff_no, code):
    page.goto(f"{base}/?staff={staff_no}")
    page.get_by_label("登录码").fill(code)
    page.get_by_role("button", name="开始考试").click()
    page.wait_for_url(re.compile(r"/exam/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def test_on_a_phone_the_result_shows_after_close_with_explanation_and_section_link(served, browser, real_question):
    exam, base = served
    question, page_ref = real_question
    phone = browser.new_context(**PHONE)
    trainer = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        me = phone.new_page()
        attempt = phone_sign_in(me, base, "E001", exam.code_of("E001"))
        me.locator(f'input[name="q1"][value="{wrong_letter(question)}"]').check()
        me.locator('input[name="q3"][value="对"]').check()
        me.once("dialog", lambda dialog: dialog.accept())
        me.get_by_role("button", name="交卷").click()
        me.get_by_text("已交卷").first.wait_for()

        other = phone.browser.new_context(**PHONE).new_page()
        phone_sign_in(other, base, "E002", exam.code_of("E002"))
        with other.expect_response(lambda r: r.url.endswith("/api/event")) as reported:  # 切屏, as the page reports it
            other.evaluate("""() => { Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
                                       document.dispatchEvent(new Event('visibilitychange')); }""")
        assert reported.value.ok

        # Before the window ends: no key on the phone.
        seen = []
        me.on("response", lambda response: seen.append(response))
        me.get_by_role("link", name="查看成绩和错题解析").click()
        me.wait_for_url(f"{base}/results/{attempt}")
        assert "成绩和错题解析在考试结束后公布" in me.locator("main").inner_text()
        assert question.explanation not in me.content()
        assert seen and all(question.explanation not in r.text() for r in seen if r.request.resource_type == "document")

        # The trainer watches, downloads the 签到表, then closes and grades (E002 wrote nothing: 缺考).
        desk = trainer.new_page()
        desk.goto(f"{base}/trainer/login")
        desk.get_by_label("培训师口令").fill(TRAINER_TOKEN)
        desk.get_by_role("button", name="登录").click()
        with Gradebook(exam.db) as gb:  # the 切屏 the phones reported (the other one's at least)
            hidden = store.event_counts(gb, "2026-12-客服", "hidden")
        assert hidden.get("P0002", 0) >= 1
        desk.get_by_role("link", name="2026-12 客服月度考试").click()  # from the trainer's list of exams
        totals = desk.locator("#totals")
        assert totals.locator('[data-status="已交卷"] b').inner_text() == "1"
        assert totals.locator('[data-status="作答中"] b').inner_text() == "1"
        assert totals.locator('[data-status="未开始"] b').inner_text() == "1"
        assert totals.locator('[data-status="切屏"] b').inner_text() == str(sum(hidden.values()))
        assert [h.inner_text().split()[0] for h in desk.locator("h2").all()] == ["一期", "二期"]
        assert desk.locator('tr[data-paper="P0002"] .hidden-count').inner_text() == str(hidden["P0002"])
        assert desk.locator('tr[data-paper="P0002"] .status-cell').inner_text() == "作答中"
        with desk.expect_download() as download:
            desk.get_by_role("link", name="下载签到表").click()
        sheet = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))["签到表"]
        rows = [r for r in sheet.iter_rows(min_row=3, values_only=True)]
        assert [(r[0], r[6], r[7]) for r in rows] == [("E001", "已交卷", hidden.get("P0001", 0)),
                                                     ("E002", "作答中", hidden["P0002"]), ("E003", "未开始", 0)]
        assert rows[0][4] and rows[0][5] and not rows[2][4]  # 登录时间, 交卷时间
        desk.get_by_role("button", name="关闭考试并评分").click()
        assert "已评分 1 人，缺考 2 人" in desk.locator(".message").inner_text()

        # After: the score, the wrong answer with the right one, the explanation and the section link.
        me.goto(f"{base}/results/{attempt}")
        main = me.locator("main")
        assert "10 分" in main.inner_text() or "10分" in main.inner_text().replace(" ", "")
        first = me.locator("#q1")
        assert f"正确答案：{question.answer[0]}. {question.options[ord(question.answer[0]) - 65]}" in first.inner_text()
        assert question.explanation in first.inner_text()
        page_id, _, anchor = question.source.partition("#")
        link = first.get_by_role("link")
        assert link.inner_text() == f"{page_ref.title} › {anchor}"
        href = link.get_attribute("href")
        assert href.startswith(SITE + page_ref.src[:-3]) and href.endswith("#" + anchor)
        box = link.bounding_box()
        assert box["height"] >= 44  # a finger-sized link on the phone
        assert me.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than the phone
    finally:
        phone.close()
        trainer.close()
