"""No exam-only question (use: exam) may reach the built site: not in HTML, JS, JSON or the search index."""

from __future__ import annotations

import pytest
import yaml
from conftest import mkdocs_build
from sitefixture import make_project

PAGE = {
    "title": "处理投诉十步法", "id": "ten-steps",
    "body": """
        ## 第一步：聆听

        接到投诉后要在==10分钟==内回应业主。

        ## 常见问法

        - [业主骂人怎么办](#第一步聆听)
    """,
}
BANK = """\
page: ten-steps
questions:
  - id: ten-steps-001
    type: 单选
    stem: 练习题：处理投诉的第一步是什么？
    options: [聆听业主诉说, 马上致歉, 立即维修]
    answer: A
    explanation: 练习解析：十步法以聆听开始。
    source: ten-steps#第一步聆听
    roles: [客服]
    difficulty: 1
    points: 2
    use: practice
  - id: ten-steps-004
    type: 排序
    stem: 把处理投诉的前三步排成正确顺序。
    items: [聆听业主诉说并做好记录, 向业主真诚致歉, 提出解决方案并征求业主意见]
    explanation: 先聆听，再致歉，然后提出解决方案。
    source: ten-steps#第一步聆听
    roles: [客服]
    difficulty: 2
    points: 3
    use: both
  - id: ten-steps-002
    type: 判断
    stem: 考试题甲：首问负责人可以把业主推给其他部门。
    explanation: 考试解析甲：首问负责人要跟踪到底绝不推诿。
    answer: 错
    source: ten-steps#第一步聆听
    roles: [客服]
    difficulty: 1
    points: 2
    use: exam
  - id: ten-steps-003
    type: 多选
    stem: 考试题乙：以下哪些属于聆听阶段的要求？
    options: [保持目光交流而不插话, 当场承诺赔偿金额, 记录业主的主要诉求]
    answer: [A, C]
    explanation: 考试解析乙：承诺赔偿不属于聆听阶段。
    source: ten-steps#第一步聆听
    roles: [客服]
    difficulty: 2
    points: 3
    use: exam
"""


def exam_only_texts(bank_text: str) -> list[str]:
    """Every stem, option and explanation of the questions marked use: exam."""
    texts = []
    for question in yaml.safe_load(bank_text)["questions"]:
        if question.get("use", "exam") == "exam":
            texts += [question["stem"], question["explanation"], *question.get("options", [])]
    return texts


def leaks(site, texts: list[str]) -> list[tuple[str, str]]:
    """(file, text) for every text found in any file under site/ (raw and JSON-escaped forms)."""
    found = []
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix in (".png", ".jpg", ".ico", ".woff2", ".gz"):
            continue
        content = path.read_bytes().decode("utf-8", errors="ignore")
        for text in texts:
            escaped = text.encode("unicode_escape").decode("ascii")
            if text in content or escaped in content:
                found.append((path.relative_to(site).as_posix(), text))
    return found


def build(tmp_path, bank_text: str):
    root = make_project(tmp_path, {"complaints/ten-steps.md": PAGE}, bank={"complaints/ten-steps.yml": bank_text})
    site = tmp_path / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(tmp_path_factory.mktemp("leaks"), BANK)


def test_exam_only_questions_appear_nowhere_in_the_site(site):
    texts = exam_only_texts(BANK)
    assert len(texts) == 7
    assert leaks(site, texts) == []


def test_practice_questions_are_on_their_page_but_not_in_the_search_index(site):
    page = (site / "complaints" / "ten-steps" / "index.html").read_text(encoding="utf-8")
    assert "练习题：处理投诉的第一步是什么？" in page
    assert 'class="sb-practice" data-search-exclude' in page
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "练习解析" not in index and "练习题" not in index


def test_the_scan_finds_an_exam_question_once_it_is_marked_practice(tmp_path):
    texts = exam_only_texts(BANK)
    leaky = BANK.replace("    use: exam\n", "    use: practice\n", 1)
    found = leaks(build(tmp_path, leaky), texts)
    assert {text for _, text in found} == {"考试题甲：首问负责人可以把业主推给其他部门。", "考试解析甲：首问负责人要跟踪到底绝不推诿。"}
    assert "complaints/ten-steps/index.html" in {file for file, _ in found}


def test_practice_false_turns_every_training_feature_off(tmp_path):
    root = make_project(tmp_path, {"complaints/ten-steps.md": PAGE}, bank={"complaints/ten-steps.yml": BANK})
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - servicebook:\n" in text
    config.write_text(text.replace("  - servicebook:\n", "  - servicebook:\n      practice: false\n", 1), encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (site / "complaints" / "ten-steps" / "index.html").read_text(encoding="utf-8")
    assert "sb-practice" not in page and "practice.css" not in page
    assert not (site / "practice").exists()


def test_a_page_shows_one_practice_question_per_highlighted_fact():
    from servicebook.bank.questions import Question
    from servicebook.site.practice import by_page

    def generated(suffix, qtype):
        return Question(id=f"gen-p-abc{suffix}", type=qtype, stem="接报后（　　）内回应。", explanation="",
                        source="p#a", roles=("客服",), difficulty=1, points=2, use="both", generated=True,
                        options=("5分钟", "10分钟", "1小时") if qtype == "单选" else (),
                        answer=("B",) if qtype == "单选" else ("10分钟|十分钟",))

    only_blank = generated("-t", "填空")
    both = [generated("-c", "单选"), only_blank]
    assert [q.id for q in by_page(both)["p"]] == ["gen-p-abc-c"]
    assert [q.id for q in by_page([only_blank])["p"]] == ["gen-p-abc-t"]
