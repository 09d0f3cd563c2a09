"""`servicebook bank stats`: counts, pages without questions, uncovered highlights, stale questions."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from servicebook.bank.generate import generated_questions
from servicebook.bank.stats import compute_stats
from servicebook.check import Project, check_bank, check_site
from servicebook.cli import main
from servicebook.cli.bankstats import pad, width

META = {
    "title": "处理投诉十步法", "id": "ten-steps", "category": "投诉处理", "roles": "[客服, 管理]",
    "sources": "[哈密波尔多小镇物业管理培训报告]", "version": '"1.0"',
    "effective": "2026-12-01", "review_by": "2027-12-01",
}
TEN_STEPS = (
    "## 第一步：聆听\n\n接报后==10分钟==内回应。\n\n"
    "## 第二步：道歉\n\n先请业主填写==投诉登记表==再说明情况。\n\n"
    "## 常见问法\n\n- [业主骂人怎么办](#第一步聆听)\n"
)
BANK = """\
questions:
  - id: ten-steps-001
    type: 判断
    stem: 接报后应在10分钟内回应。
    answer: 对
    explanation: 见第一步。
    source: ten-steps#第一步聆听
    roles: [客服]
    difficulty: 1
    points: 2
  - id: ten-steps-002
    type: 单选
    stem: 接报后多久内回应？
    options: [5分钟, 10分钟, 半小时]
    answer: B
    explanation: 见第一步。
    source: ten-steps#第一步聆听
    roles: [全员]
    difficulty: 2
    points: 2
    use: practice
  - id: ten-steps-003
    type: 填空
    stem: 接报后___内回应。
    answer: [10分钟]
    explanation: 见第一步。
    source: ten-steps#第一步聆听
    roles: [管理]
    difficulty: 3
    points: 2
    use: both
    fingerprint: abcdef123456
"""


def write_page(root: Path, name: str, body: str, **meta) -> None:
    head = "\n".join(f"{k}: {v}" for k, v in {**META, **meta}.items())
    path = root / "docs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{head}\n---\n\n{body}", encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "includes").mkdir()
    (tmp_path / "includes" / "sources.yml").write_text("- title: 哈密波尔多小镇物业管理培训报告\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("---\ntitle: 首页\n---\n\n# 首页\n", encoding="utf-8")
    write_page(tmp_path, "complaints/ten-steps.md", TEN_STEPS)
    write_page(tmp_path, "appendix/glossary.md", "## 术语\n\n物业：房屋及配套设施。\n",
               title="术语表", id="glossary", category="附录", roles="[全员]")
    bank = tmp_path / "quizzes" / "bank" / "x"
    bank.mkdir(parents=True)
    (bank / "y.yml").write_text(textwrap.dedent(BANK), encoding="utf-8")
    return tmp_path


def stats_of(root: Path):
    project = Project(root)
    kb, problems = check_site(project)
    assert not [p for p in problems if not p.warning], problems
    bank, bank_problems = check_bank(project, kb)
    return compute_stats(kb, bank.questions, generated_questions(kb), bank_problems)


def test_counts(project):
    result = stats_of(project)
    assert (result.total.authored, result.total.generated) == (3, 2)  # two highlights → two 填空
    assert result.everyone.total == 1
    assert result.roles_listed["客服"].total == 3 and result.roles_effective["客服"].total == 4
    assert result.roles_listed["管理"].total == 3 and result.roles_effective["管理"].total == 4
    assert result.roles_listed["安保"].total == 0 and result.roles_effective["安保"].total == 1
    assert result.categories["投诉处理"].total == 5 and result.categories["附录"].total == 0
    assert {t: v.total for t, v in result.types.items() if v.total} == {"判断": 1, "单选": 1, "填空": 3}
    assert {d: v.total for d, v in result.difficulties.items()} == {1: 1, 2: 3, 3: 1}
    assert {u: v.total for u, v in result.uses.items()} == {"exam": 1, "practice": 1, "both": 3}


def test_lists(project):
    result = stats_of(project)
    assert result.content_pages == 2
    assert [p.page_id for p in result.pages_without_questions] == ["glossary"]
    # 10分钟 has authored questions on its section; 投诉登记表 got only a 填空 and none authored.
    assert [(f.text, f.heading) for f in result.uncovered_facts] == [("投诉登记表", "第二步：道歉")]
    assert [(s.question_id, s.page.title, s.heading) for s in result.stale] == [
        ("ten-steps-003", "处理投诉十步法", "第一步：聆听")]


def test_cli_prints_tables_and_writes_html(project):
    result = CliRunner().invoke(main, ["bank", "stats", "--root", str(project)])
    assert result.exit_code == 0, result.output
    assert "【按岗位（适用题目含全员题）】" in result.output
    assert "术语表（glossary）" in result.output
    assert "ten-steps-003：《处理投诉十步法》第一步：聆听" in result.output
    target = project / "build" / "bank-stats.html"
    assert f"已写入 {target}" in result.output
    page = target.read_text(encoding="utf-8")
    assert 'lang="zh-CN"' in page and "<h1>题库统计</h1>" in page and "按题型" in page
    assert "需要复核的题目" in page and "http" not in page
    assert [p.name for p in target.parent.iterdir()] == ["bank-stats.html"]  # no temp file left


def test_cli_html_option(project, tmp_path):
    out = tmp_path / "elsewhere" / "stats.html"
    result = CliRunner().invoke(main, ["bank", "stats", "--root", str(project), "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()


def test_width_counts_chinese_as_two_columns():
    assert width("岗位A") == 5
    assert pad("客服", 6) == "客服  " and pad("12", 4, right=True) == "  12"
