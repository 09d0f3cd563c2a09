"""Issue 13: after the exam each person sees their score and every answer that lost points, with the
right answer as on their paper, the explanation and a link to the section (from the gradebook)."""

from __future__ import annotations

from gradingfixture import manifest, write_exam

from servicebook import api
from servicebook.bank.questions import Question
from servicebook.exam.contract import parse_manifest
from servicebook.exam.render import PageRef
from servicebook.grading.gradebook import Gradebook
from servicebook.grading.keyfiles import KeyContext

CONTEXT = KeyContext(
    pages={"ten-steps": PageRef("complaints/ten-steps.md", "处理投诉十步法", "投诉处理")},
    questions={"ten-steps-002": Question(id="ten-steps-002", type="多选", stem="投诉处理中应当做的是？",
                                         explanation="先致歉、再记录，不争辩、不推诿。", roles=("客服",),
                                         source="ten-steps#第二步致歉", difficulty=2, points=10, options=("致歉", "争辩", "记录", "推诿"),
                                         answer=("A", "C"))},
    site_url="http://10.0.0.5/kb/")


def test_a_person_sees_each_lost_point_with_the_key_explanation_and_section_link(tmp_path, gradebook_url):
    raw = manifest()
    exam_dir = write_exam(tmp_path, raw)
    exam = parse_manifest(raw, "m.json")
    with Gradebook(gradebook_url) as book:
        assert api.person_result(book, exam, "E002", CONTEXT) is None  # not graded yet: nothing to show
        api.grade_online(book, exam_dir, {"P0001": {1: "B", 2: "AC", 3: "对", 4: "三声；10分钟", 5: "BADC"},
                                          "P0002": {1: "B", 2: "AB", 3: "对", 4: "三声；10分钟", 5: "BADC"}})
        mine = api.person_result(book, exam, "E002", CONTEXT)
        absent = api.person_result(book, exam, "E003", CONTEXT)
    assert (mine.total, mine.total_points, mine.passed, mine.absent) == (40, 55, True, False)
    assert [m.n for m in mine.missed] == [2, 6]  # the wrong 多选 and the unmarked 情景
    wrong = mine.missed[0]
    assert (wrong.given, wrong.right) == ("A. 致歉；B. 争辩", "A. 致歉；C. 记录")
    assert wrong.explanation == "先致歉、再记录，不争辩、不推诿。"
    assert wrong.section == "处理投诉十步法 › 第二步致歉"
    assert wrong.url == "http://10.0.0.5/kb/complaints/ten-steps/#第二步致歉"
    assert mine.missed[1].right == "先安抚情绪（3 分）；记录并承诺时限（2 分）"
    assert mine.missed[1].given == "尚未评分（培训师按评分要点评分后更新）"
    assert absent.absent and absent.missed == ()
