"""The exam server's store, on both gradebook backends: which saved answer counts, the grace
period, idempotent saves, sign-in with its window, lockout and one session per person."""

from __future__ import annotations

import pytest

from serverfixture import SECRET, START, open_exam
from servicebook.grading.gradebook import Gradebook
from servicebook.server import auth, saves, store, windows
from servicebook.server.saves import SaveIn


@pytest.fixture
def exam(tmp_path, gradebook_url):
    return open_exam(tmp_path, db=gradebook_url, duration_minutes=60)


@pytest.fixture
def gb(exam):
    with Gradebook(exam.db) as opened:
        yield opened


def signed(gb, exam, staff_no="E001", address="10.0.0.7"):
    return auth.sign_in(gb, SECRET, staff_no, exam.code_of(staff_no), address, exam.clock.now())


def save(gb, exam, attempt, device, n, seq, answer, remaining):
    [reply] = saves.save_answers(gb, attempt, device, [SaveIn(n, seq, answer, remaining)], exam.clock.now(),
                                 exam.config.grace)
    return reply


def test_a_repeated_save_changes_nothing_and_gets_the_same_reply(gb, exam):
    attempt = signed(gb, exam).attempt
    first = save(gb, exam, attempt, "phone", 1, 1, "B", 3500)
    exam.clock.advance(5)
    again = save(gb, exam, attempt, "phone", 1, 1, "C", 3490)  # same key: the first one stands
    assert (first.status, again.status) == ("saved", "saved")
    assert saves.answers(gb, attempt.attempt_id) == {1: "B"}
    assert len(saves.save_log(gb, attempt.attempt_id)) == 1


def test_the_answer_changed_last_by_server_adjusted_time_wins_not_the_one_received_last(gb, exam):
    attempt = signed(gb, exam).attempt
    exam.clock.advance(700)
    # The new phone changed question 2 with 2900 s left; the old phone's queued change (3000 s left,
    # i.e. 100 s earlier) arrives afterwards and must not overwrite it.
    assert save(gb, exam, attempt, "new-phone", 2, 1, "AC", 2900).status == "saved"
    exam.clock.advance(30)
    late_arrival = save(gb, exam, attempt, "old-phone", 2, 7, "AB", 3000)
    assert late_arrival.status == "saved" and late_arrival.current == "AC"
    assert saves.answers(gb, attempt.attempt_id) == {2: "AC"}
    # A change made later on the old phone does win.
    assert save(gb, exam, attempt, "old-phone", 2, 8, "ABD", 2875).current == "ABD"
    assert saves.answers(gb, attempt.attempt_id) == {2: "ABD"}


def test_a_phone_cannot_date_a_change_in_the_future_or_before_the_start(gb, exam):
    attempt = signed(gb, exam).attempt
    exam.clock.advance(100)
    save(gb, exam, attempt, "a", 1, 1, "B", -500)  # claims a change after the deadline: dated now
    save(gb, exam, attempt, "a", 3, 1, "对", 99999)  # claims a change before the start: dated at the start
    log = {n: when for _, n, _, _, when, _, _ in saves.save_log(gb, attempt.attempt_id)}
    assert log == {1: pytest.approx(START + 100, abs=0.01), 3: pytest.approx(START, abs=0.01)}


def test_same_device_same_moment_the_higher_sequence_wins_even_when_replayed_out_of_order(gb, exam):
    attempt = signed(gb, exam).attempt
    exam.clock.advance(60)
    save(gb, exam, attempt, "a", 1, 6, "C", 3540)
    save(gb, exam, attempt, "a", 1, 5, "A", 3540)
    assert saves.answers(gb, attempt.attempt_id) == {1: "C"}


def test_one_phone_changing_an_answer_twice_within_a_second_keeps_the_second(gb, exam):
    """Found by scripts/bench/exam_server.py: the first change was dated at its arrival (the phone's
    countdown ran a little fast), the second, resynced from the reply and rounded to 0.1 s, was dated
    0.04 s earlier; the phone had been told both were saved and showed the second."""
    attempt = signed(gb, exam).attempt
    exam.clock.advance(60)
    assert save(gb, exam, attempt, "a", 1, 1, "A", 3539.5).current == "A"  # dated at its arrival, 60 s
    assert save(gb, exam, attempt, "a", 1, 2, "D", 3540.04).current == "D"  # dated 59.96 s
    save(gb, exam, attempt, "a", 1, 1, "A", 3539.5)  # the first one replayed changes nothing
    assert saves.answers(gb, attempt.attempt_id) == {1: "D"}


def test_a_change_made_before_the_deadline_counts_within_the_grace_period_and_not_after(gb, exam):
    attempt = signed(gb, exam).attempt
    exam.clock.advance(3600 + 100)  # 100 s after the deadline, within the 120 s grace
    assert save(gb, exam, attempt, "a", 1, 1, "B", 30).status == "saved"
    refused = save(gb, exam, attempt, "a", 3, 1, "对", -5)  # changed after the deadline
    assert refused.status == "refused" and "已超过交卷时间" in refused.message
    exam.clock.advance(21)  # 121 s after: even a change made in time is refused
    assert save(gb, exam, attempt, "a", 4, 1, "三声；10分钟", 300).status == "refused"
    assert saves.answers(gb, attempt.attempt_id) == {1: "B"}
    settled = store.settle(gb, store.attempt(gb, attempt.attempt_id), exam.clock.now())
    assert settled.submitted_how == "到时自动交卷" and settled.submitted_at == pytest.approx(attempt.deadline)


def test_after_handing_in_only_changes_made_before_it_count(gb, exam):
    attempt = signed(gb, exam).attempt
    exam.clock.advance(1000)
    store.submit(gb, attempt, exam.clock.now(), "本人交卷", exam.clock.now())
    attempt = store.attempt(gb, attempt.attempt_id)
    exam.clock.advance(20)
    assert save(gb, exam, attempt, "a", 1, 1, "B", 3600 - 990).status == "saved"  # queued before handing in
    assert save(gb, exam, attempt, "a", 3, 1, "错", 3600 - 1010).status == "refused"


def test_final_answers_per_paper_for_grading(gb, exam):
    first = signed(gb, exam, "E001").attempt
    second = signed(gb, exam, "E002").attempt
    save(gb, exam, first, "a", 1, 1, "B", 3500)
    save(gb, exam, second, "b", 5, 1, "BADC", 3500)
    assert saves.final_answers(gb, "2026-12-客服") == {exam.staff["E001"]: {1: "B"}, exam.staff["E002"]: {5: "BADC"}}


def test_a_second_sign_in_ends_the_first_session_and_is_logged(gb, exam):
    old = signed(gb, exam, address="10.0.0.7")
    new = signed(gb, exam, address="10.0.0.8")
    assert new.attempt.attempt_id == old.attempt.attempt_id
    assert store.session(gb, old.token) is None and store.session(gb, new.token) is not None
    assert store.session_ended(gb, old.token) == "在另一台设备登录"
    assert [(kind, detail) for _, kind, detail, _ in store.events(gb, "2026-12-客服") if kind == "session-replaced"] \
        == [("session-replaced", "新登录地址 10.0.0.8")]


def test_repeated_wrong_codes_lock_the_staff_number_for_a_while(gb, exam):
    for _ in range(auth.LIMIT_STAFF):
        with pytest.raises(auth.SignInRefused, match="工号或登录码不正确"):
            auth.sign_in(gb, SECRET, "E001", "12345678", "10.0.0.7", exam.clock.now())
    with pytest.raises(auth.SignInRefused, match="已暂时锁定，请 15 分钟后再试"):
        signed(gb, exam)  # even the right code
    exam.clock.advance(auth.LOCK_SECONDS + 1)
    assert signed(gb, exam).attempt.staff_no == "E001"


def test_repeated_failures_from_one_address_lock_that_address(gb, exam):
    for number in range(auth.LIMIT_ADDRESS):
        with pytest.raises(auth.SignInRefused):
            auth.sign_in(gb, SECRET, f"X{number:03d}", "12345678", "10.0.0.9", exam.clock.now())
    with pytest.raises(auth.SignInRefused, match="网络地址登录失败次数过多"):
        signed(gb, exam, address="10.0.0.9")
    assert signed(gb, exam, address="10.0.0.10").attempt.staff_no == "E001"


def test_a_code_is_only_for_its_own_person_and_only_inside_the_window(gb, exam):
    with pytest.raises(auth.SignInRefused, match="工号或登录码不正确"):
        auth.sign_in(gb, SECRET, "E002", exam.code_of("E001"), "10.0.0.7", exam.clock.now())
    exam.clock.set(START - 600)
    with pytest.raises(auth.SignInRefused, match="还没有开始"):
        signed(gb, exam)
    exam.clock.set(START + 10)
    windows.close_by_id(gb, "2026-12-客服", exam.clock.now())
    with pytest.raises(auth.SignInRefused, match="已经结束"):
        signed(gb, exam)


def test_an_anonymous_paper_belongs_to_the_first_person_who_signs_in_with_its_code(tmp_path, gradebook_url):
    exam = open_exam(tmp_path, variants=1, db=gradebook_url)
    with Gradebook(exam.db) as gb:
        code = exam.codes["V0001"]
        first = auth.sign_in(gb, SECRET, "A100", code, "10.0.0.7", exam.clock.now())
        assert (first.attempt.paper_code, first.attempt.staff_no) == ("V0001", "A100")
        with pytest.raises(auth.SignInRefused, match="已经被别人用来登录"):
            auth.sign_in(gb, SECRET, "A200", code, "10.0.0.8", exam.clock.now())
