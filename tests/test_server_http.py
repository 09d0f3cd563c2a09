"""The exam server over HTTP, in process (Starlette's TestClient): sign-in, saves, CSRF, errors."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from serverfixture import open_exam
from servicebook.server.app import create_app


@pytest.fixture
def exam(tmp_path):
    return open_exam(tmp_path)


def client_for(exam) -> TestClient:
    return TestClient(create_app(exam.config), base_url="http://127.0.0.1", raise_server_exceptions=False)


def sign_in(client: TestClient, staff_no: str, code: str):
    page = client.get("/", params={"staff": staff_no})
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    return client.post("/signin", data={"csrf": csrf, "staff": staff_no, "code": code}, follow_redirects=False)


def paper_of(client: TestClient, response) -> tuple[int, str, str]:
    attempt = int(response.headers["location"].rsplit("/", 1)[1])
    page = client.get(f"/exam/{attempt}")
    return attempt, re.search(r'data-csrf="([^"]+)"', page.text).group(1), page.text


def test_sign_in_answer_and_resume_on_either_gradebook_backend(tmp_path, gradebook_url):
    exam = open_exam(tmp_path, db=gradebook_url)
    with client_for(exam) as client:
        signed = sign_in(client, "E001", exam.code_of("E001"))
        assert signed.status_code == 303
        cookie = signed.headers["set-cookie"]
        assert cookie.startswith("sb_session=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
        attempt, csrf, page = paper_of(client, signed)
        assert "第 1 题" in page and "开始考试" not in page
        reply = client.post("/api/save", headers={"X-CSRF-Token": csrf}, json={
            "attempt": attempt, "device": "d1", "saves": [{"n": 1, "seq": 1, "answer": "B", "remaining": 3500}]})
        assert reply.status_code == 200, reply.text
        assert reply.json()["results"][0]["status"] == "saved"
        assert 'value="B" checked' in client.get(f"/exam/{attempt}").text


def test_wrong_code_refused_in_chinese(exam):
    with client_for(exam) as client:
        refused = sign_in(client, "E001", "WRONG1")
        assert refused.status_code == 400
        assert "工号或登录码不正确" in refused.text


def test_save_without_csrf_token_refused(exam):
    with client_for(exam) as client:
        attempt, csrf, _ = paper_of(client, sign_in(client, "E001", exam.code_of("E001")))
        reply = client.post("/api/save", json={
            "attempt": attempt, "device": "d1", "saves": [{"n": 1, "seq": 1, "answer": "B", "remaining": 3500}]})
        assert reply.status_code == 403
        assert "已过期" in reply.json()["error"]


def test_error_pages_are_ours(exam):
    with client_for(exam) as client:
        missing = client.get("/no-such-page")
        assert missing.status_code == 404 and "页面不存在" in missing.text and "Not Found" not in missing.text
        wrong = client.put("/signin")
        assert wrong.status_code == 405 and "不支持" in wrong.text


def test_the_paper_works_without_javascript_save_and_hand_in_by_form(exam):
    with client_for(exam) as client:
        attempt, csrf, _ = paper_of(client, sign_in(client, "E001", exam.code_of("E001")))
        fields = {"csrf": csrf, "q1": "B", "q2": ["", "A", "C"], "q3": "对", "q4-1": "三声", "q4-2": "10分钟",
                  "q5-1": "B", "q5-2": "A", "q5-3": "D", "q5-4": "C", "q6": "先安抚"}
        saved = client.post(f"/exam/{attempt}", data={**fields, "action": "save"})
        assert saved.status_code == 200 and 'value="C" checked' in saved.text
        exam.clock.advance(60)
        done = client.post(f"/exam/{attempt}", data={**fields, "q1": "D", "action": "submit"})
        assert "已交卷" in done.text and "本人交卷" in done.text
    from servicebook.grading.gradebook import Gradebook
    from servicebook.server import saves

    with Gradebook(exam.db) as gb:
        assert saves.final_answers(gb, "2026-12-客服")[exam.staff["E001"]] == {
            1: "D", 2: "AC", 3: "对", 4: "三声；10分钟", 5: "BADC", 6: "先安抚"}


def test_trainer_signs_in_with_the_printed_token_and_opens_and_closes_an_exam(exam):
    from serverfixture import TRAINER_TOKEN

    with client_for(exam) as client:
        assert "培训师口令" in client.get("/trainer").text
        page = client.get("/trainer/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        wrong = client.post("/trainer/login", data={"csrf": csrf, "token": "guess"})
        assert wrong.status_code == 400 and "口令不正确" in wrong.text
        home = client.post("/trainer/login", data={"csrf": csrf, "token": TRAINER_TOKEN})
        assert "考试管理" in home.text and "进行中" in home.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', home.text).group(1)
        assert client.post("/trainer/close", data={"exam_id": "2026-12-客服"}).status_code == 403
        closed = client.post("/trainer/close", data={"csrf": csrf, "exam_id": "2026-12-客服"})
        assert "已关闭" in closed.text
        assert "已经结束" in sign_in(client, "E001", exam.code_of("E001")).text
        reopened = client.post("/trainer/open", data={"csrf": csrf, "exam": "2026-12-客服",
                                                       "from": "2026-12-20 08:00", "until": "2099-12-20 11:00"})
        assert "进行中" in reopened.text
        bad = client.post("/trainer/open", data={"csrf": csrf, "exam": "2026-12-客服", "from": "明天", "until": "x"})
        assert bad.status_code == 400 and "2026-12-20 09:00 的格式" in bad.text


def test_a_server_error_is_a_chinese_page_without_a_traceback(exam, monkeypatch):
    from servicebook.server import saves

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(saves, "answers", broken)
    with client_for(exam) as client:
        signed = sign_in(client, "E001", exam.code_of("E001"))
        page = client.get(signed.headers["location"])
        assert page.status_code == 500
        assert "服务器出错了" in page.text and "disk on fire" not in page.text and "Traceback" not in page.text


def test_results_sign_in_locks_after_the_allowed_failures_and_so_does_the_exam_sign_in(exam):
    from servicebook.server import auth

    locked = f"这个工号登录失败次数过多，已暂时锁定，请 {auth.LOCK_SECONDS // 60} 分钟后再试"
    with client_for(exam) as client:
        def on_results(staff_no, code):
            page = client.get("/results")
            assert 'action="/results"' in page.text and "查看成绩</button>" in page.text
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
            return client.post("/results", data={"csrf": csrf, "staff": staff_no, "code": code}, follow_redirects=False)

        for _ in range(auth.LIMIT_STAFF):
            wrong = on_results("E001", "WRONG123")
            assert wrong.status_code == 400 and "工号或登录码不正确" in wrong.text
        refused = on_results("E001", exam.code_of("E001"))  # even the right code
        assert refused.status_code == 400 and locked in refused.text
        assert locked in sign_in(client, "E001", exam.code_of("E001")).text  # one lock for every form

        for _ in range(auth.LIMIT_STAFF):
            assert "工号或登录码不正确" in sign_in(client, "E002", "WRONG123").text
        refused = sign_in(client, "E002", exam.code_of("E002"))
        assert refused.status_code == 400 and locked in refused.text

        exam.clock.advance(auth.LOCK_SECONDS + 1)
        assert "锁定" not in on_results("E001", exam.code_of("E001")).text
        assert sign_in(client, "E002", exam.code_of("E002")).status_code == 303


def test_the_save_api_refuses_in_json_with_a_code_the_script_acts_on(exam):
    with client_for(exam) as client:
        signed_out = client.post("/api/state", json={"attempt": 1})
        assert signed_out.status_code == 401 and signed_out.json()["code"] == "signed-out"
        attempt, csrf, _ = paper_of(client, sign_in(client, "E001", exam.code_of("E001")))
        headers = {"X-CSRF-Token": csrf}
        garbled = client.post("/api/save", headers=headers, content=b"{not json")
        assert garbled.status_code == 400 and garbled.json() == {"error": "保存请求格式不对。", "code": "bad-request"}
        another = client.post("/api/state", headers=headers, json={"attempt": attempt + 1})
        assert another.status_code == 404 and another.json()["code"] == "not-found"
        odd_event = client.post("/api/event", headers=headers, json={"attempt": attempt, "kind": "copy"})
        assert odd_event.status_code == 400 and odd_event.json()["code"] == "bad-request"
        fine = client.post("/api/event", headers=headers, json={"attempt": attempt, "kind": "hidden"})
        assert fine.status_code == 200 and fine.json()["submitted"] is False


def test_the_page_hidden_after_handing_in_is_not_a_tab_switch(exam):
    from servicebook.grading.gradebook import Gradebook
    from servicebook.server import store

    with client_for(exam) as client:
        attempt, csrf, _ = paper_of(client, sign_in(client, "E001", exam.code_of("E001")))
        headers = {"X-CSRF-Token": csrf}
        assert client.post("/api/event", headers=headers, json={"attempt": attempt, "kind": "hidden"}).status_code == 200
        client.post(f"/exam/{attempt}", data={"csrf": csrf, "q1": "B", "action": "submit"})
        # the phone leaves the paper for the 已交卷 page and reports the page hidden on the way out
        late = client.post("/api/event", headers=headers, json={"attempt": attempt, "kind": "hidden"})
        assert late.status_code == 200 and late.json()["submitted"] is True
    with Gradebook(exam.db) as gb:
        assert store.event_counts(gb, "2026-12-客服", "hidden") == {"P0001": 1}
