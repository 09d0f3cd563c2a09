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


def test_sign_in_answer_and_resume(exam):
    with client_for(exam) as client:
        signed = sign_in(client, "E001", exam.code_of("E001"))
        assert signed.status_code == 303
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
