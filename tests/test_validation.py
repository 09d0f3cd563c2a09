"""The front-matter and content validator: one broken fixture per rule, exact Chinese messages."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from servicebook.cli import main

GOOD_META = {
    "title": "处理投诉十步法",
    "id": "ten-steps",
    "category": "投诉处理",
    "roles": "[客服, 管理]",
    "sources": "[哈密波尔多小镇物业管理培训报告]",
    "version": '"1.0"',
    "effective": "2026-12-01",
    "review_by": "2027-12-01",
}
GOOD_BODY = "## 第一步：聆听\n\n接报后==10分钟==内回应。\n\n## 常见问法\n\n- [业主骂人怎么办](#第一步聆听)\n"


def write_page(root: Path, name: str = "complaints/ten-steps.md", body: str = GOOD_BODY, **meta) -> Path:
    fields = {**GOOD_META, **meta}
    head = "\n".join(f"{k}: {v}" for k, v in fields.items() if v is not None)
    path = root / "docs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{head}\n---\n\n{body}", encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "includes").mkdir()
    (tmp_path / "includes" / "sources.yml").write_text(
        "- title: 哈密波尔多小镇物业管理培训报告\n  note: 培训课件\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("---\ntitle: 首页\n---\n\n# 首页\n", encoding="utf-8")
    return tmp_path


def run_check(root: Path):
    return CliRunner().invoke(main, ["check", "--root", str(root)])


def first_error(root: Path) -> str:
    result = run_check(root)
    assert result.exit_code == 1, result.output
    return result.output.splitlines()[0]


def file_of(root: Path) -> str:
    import os

    return os.path.relpath(root / "docs" / "complaints" / "ten-steps.md")


def test_valid_page_passes(project):
    write_page(project)
    result = run_check(project)
    assert result.exit_code == 0, result.output
    assert "检查通过：1 个页面，0 道题" in result.output


def test_missing_required_key_names_key_and_fix(project):
    write_page(project, review_by=None)
    assert first_error(project) == f"{file_of(project)}:1: 缺少必填字段 review_by（复审日期）。"


def test_unknown_role_names_line_and_allowed_roles(project):
    write_page(project, roles="[客服, 保安]")
    assert first_error(project) == (
        f"{file_of(project)}:5: roles 中的 '保安' 不是有效岗位；应为 全员、客服、安保、工程、环境、案场、管理、新员工 之一。")


def test_unknown_category(project):
    write_page(project, category="投诉")
    assert first_error(project).startswith(f"{file_of(project)}:4: category 应为 理念与体系、")


def test_date_that_is_not_a_date(project):
    write_page(project, effective="2026-13-01")
    assert first_error(project) == f"{file_of(project)}:8: effective（生效日期）应为日期 YYYY-MM-DD，实际为 '2026-13-01'。"


def test_review_before_effective(project):
    write_page(project, review_by="2026-01-01")
    assert first_error(project) == f"{file_of(project)}:9: 复审日期 2026-01-01 早于生效日期 2026-12-01。"


def test_unknown_key(project):
    write_page(project, owner="张三")
    assert first_error(project).startswith(f"{file_of(project)}:10: 未知字段 owner；允许的字段为 title、")


def test_bad_page_id(project):
    write_page(project, id="Ten Steps")
    assert first_error(project) == f"{file_of(project)}:3: id 应为小写英文、数字和连字符组成的编号，实际为 'Ten Steps'。"


def test_source_not_in_registry(project):
    write_page(project, sources="[某某培训资料]")
    assert first_error(project) == f"{file_of(project)}:6: sources 中的 '某某培训资料' 不在资料清单 includes/sources.yml 中。"


def test_broken_yaml_names_line(project):
    write_page(project, roles="[客服, 管理")
    line = first_error(project)
    assert line.startswith(f"{file_of(project)}:6: YAML 头部格式错误"), line


def test_missing_front_matter(project):
    path = project / "docs" / "complaints" / "ten-steps.md"
    path.parent.mkdir(parents=True)
    path.write_text("## 没有头部\n", encoding="utf-8")
    assert first_error(project) == f"{file_of(project)}:1: 页面缺少 YAML 头部（以 --- 开始和结束）。"


def test_highlight_longer_than_40_characters(project):
    long_fact = "接" * 41
    write_page(project, body=f"## 条款\n\n==\u200c{long_fact}==\n\n## 常见问法\n\n- [问](#条款)\n")
    assert first_error(project) == f"{file_of(project)}:14: 高亮 ==\u200c{'接' * 11}…== 有 42 个字，超过 40 字。"


def test_faq_section_required_for_standards_categories(project):
    write_page(project, body="## 条款\n\n内容。\n")
    assert first_error(project) == f"{file_of(project)}: “投诉处理”栏目的页面必须以 ## 常见问法 一节结尾。"


def test_link_to_missing_page(project):
    write_page(project, body=GOOD_BODY + "\n见[回访](follow-up.md)。\n")
    assert first_error(project) == f"{file_of(project)}:20: 链接 follow-up.md 指向的页面 complaints/follow-up.md 不存在。"


def test_link_to_missing_anchor_suggests_closest(project):
    write_page(project, body=GOOD_BODY + "\n见[聆听](#第一步聆)。\n")
    result = run_check(project)
    assert result.exit_code == 1
    assert f"{file_of(project)}:20: 链接 #第一步聆 中的锚点 #第一步聆 在 {file_of(project)} 中不存在。" in result.output
    assert "是否应为 #第一步聆听？" in result.output


def test_duplicate_page_id(project):
    write_page(project)
    write_page(project, name="complaints/copy.md")
    result = run_check(project)
    assert "页面编号 id: ten-steps 与" in result.output and result.exit_code == 1


def test_all_problems_reported_before_exit(project):
    write_page(project, roles="[保安]", effective="明天", body="正文\n")
    result = run_check(project)
    assert result.exit_code == 1
    assert "共发现 2 个错误。" in result.output


def test_home_page_needs_only_a_title(project):
    write_page(project)
    (project / "docs" / "index.md").write_text("---\ndescription: 无标题\n---\n", encoding="utf-8")
    assert "首页缺少 title。" in run_check(project).output


def test_help_is_chinese():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert result.output.startswith("用法：")
    assert "显示本帮助并退出。" in result.output
    for english in ("Usage:", "Show this message", "Options:", "Commands:"):
        assert english not in result.output


def test_unknown_command_error_is_chinese():
    result = CliRunner().invoke(main, ["bogus"])
    assert result.exit_code == 2
    assert "错误：没有命令 'bogus'。" in result.output


def test_check_outside_a_project_says_where_to_run_it(tmp_path):
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path)])
    assert result.exit_code == 2
    assert f"'--root' 的取值无效：{tmp_path}不是知识库项目目录（没有 docs/）。" in result.output


def test_an_internal_error_is_explained_in_chinese(monkeypatch, tmp_path):
    import servicebook.cli.site as site

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    (tmp_path / "docs").mkdir()
    monkeypatch.setattr(site, "check_site", broken)
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path)])
    assert result.exit_code == 70
    assert result.output.startswith("程序内部错误（不是您的输入有误）：RuntimeError('boom')\n")
    assert "Traceback" in result.output


def write_synonyms(root: Path, text: str) -> str:
    import os

    path = root / "includes" / "search_synonyms.txt"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return os.path.relpath(path)


def test_synonym_table_that_matches_the_pages_passes(project):
    write_page(project)
    write_synonyms(project, """\
        # ten-steps 处理投诉十步法
        聆听：听业主说、听他讲
        业主：住户、户主、房东
        """)
    result = run_check(project)
    assert result.exit_code == 0, result.output


def test_synonym_formal_term_missing_from_the_site_names_the_line(project):
    write_page(project)
    table = write_synonyms(project, """\
        # ten-steps
        聆听：听业主说
        物业费：管理费、交的钱
        """)
    result = run_check(project)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"{table}:3: 正式用语“物业费”在网站页面中找不到。"
    assert "改成页面里的写法，或删除这一行" in result.output
    assert "共发现 1 个错误。" in result.output


def test_synonym_formal_term_only_on_a_page_excluded_from_search_is_missing(project):
    write_page(project)
    write_page(project, name="appendix/todo.md", id="todo", category="附录",
               body="## 未覆盖\n\n物业费太贵。\n", search="{exclude: true}")
    table = write_synonyms(project, "物业费：管理费\n")
    assert first_error(project) == f"{table}:1: 正式用语“物业费”在网站页面中找不到。"


def test_synonym_single_character_everyday_word(project):
    write_page(project)
    table = write_synonyms(project, "聆听：听、听他讲\n")
    assert first_error(project) == f"{table}:1: 日常说法“听”只有一个字。"


def test_synonym_malformed_lines_each_reported(project):
    write_page(project)
    table = write_synonyms(project, """\
        聆听:听他讲
        聆听
        聆听：
        聆听：听他讲、、听业主说
        ：听他讲
        聆听：听他讲，听业主说
        聆听、确认：听他讲
        """)
    result = run_check(project)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"{table}:1: 冒号应为全角“：”。" in lines
    assert f"{table}:2: 这一行缺少全角冒号“：”。" in lines
    assert f"{table}:3: “聆听”后面没有日常说法。" in lines
    assert f"{table}:4: “聆听”的日常说法中有空项（连续或多余的顿号）。" in lines
    assert f"{table}:5: 冒号前缺少正式用语。" in lines
    assert f"{table}:6: 日常说法“听他讲，听业主说”中含有逗号、冒号或分号。" in lines
    assert f"{table}:7: 正式用语“聆听、确认”中含有逗号、顿号、冒号或分号。" in lines
    assert "共发现 7 个错误。" in result.output


def test_synonym_formal_term_listed_twice(project):
    write_page(project)
    table = write_synonyms(project, "聆听：听他讲\n\n聆听：听业主说\n")
    result = run_check(project)
    assert f"{table}:3: 正式用语“聆听”已在第 1 行列出。" in result.output.splitlines()
    assert "合并到第 1 行" in result.output


def test_synonym_table_is_parsed_into_entries():
    from servicebook.site.synonyms import parse_synonyms

    entries, problems = parse_synonyms("# 注释\n\n业主：住户、户主\n纠纷： 吵起来 、扯皮\n", "t.txt")
    assert not problems
    assert [(e.formal, e.everyday, e.line) for e in entries] == [
        ("业主", ("住户", "户主"), 3), ("纠纷", ("吵起来", "扯皮"), 4)]


def faq_page(project, *faq_lines: str) -> None:
    write_page(project, body="## 第一步：聆听\n\n内容。\n\n## 常见问法\n\n" + "".join(f"{line}\n" for line in faq_lines))


def test_faq_line_without_a_link_to_its_answer(project):
    faq_page(project, "- 业主骂人怎么办")
    result = run_check(project)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"{file_of(project)}:18: 常见问法“业主骂人怎么办”没有链接到回答它的章节。"
    assert "写成 - [业主骂人怎么办](#回答它的那一节标题的锚点)" in result.output


def test_faq_link_to_a_missing_anchor_is_caught_by_the_link_check(project):
    faq_page(project, "- [业主骂人怎么办](#第一步聆)")
    result = run_check(project)
    assert result.exit_code == 1
    assert (f"{file_of(project)}:18: 链接 #第一步聆 中的锚点 #第一步聆 在 {file_of(project)} 中不存在。"
            in result.output.splitlines())
    assert "是否应为 #第一步聆听？" in result.output


def test_faq_link_must_name_a_section_not_the_page_or_the_faq_itself(project):
    write_page(project, name="complaints/saying-no.md", id="saying-no",
               body="## 三个步骤\n\n内容。\n\n## 常见问法\n\n- [怎么说不](#三个步骤)\n")
    faq_page(project, "- [业主骂人怎么办](saying-no.md)", "- [业主很凶怎么办](#常见问法)",
             "- [怎么拒绝业主](saying-no.md#三个步骤)")
    result = run_check(project)
    lines = result.output.splitlines()
    assert f"{file_of(project)}:18: 常见问法“业主骂人怎么办”的链接 saying-no.md 缺少 #锚点。" in lines
    assert f"{file_of(project)}:19: 常见问法“业主很凶怎么办”链接到了常见问法本身。" in lines
    assert "共发现 2 个错误。" in result.output


def test_faq_questions_are_read_as_the_reader_sees_them():
    from servicebook.kb.markdown_scan import scan

    page = scan("## 聆听\n\n## 常见问法\n\n- [业主骂人怎么办？](#聆听)\n- 没有链接的问法\n", first_line=10)
    assert page.faq() == ["业主骂人怎么办？", "没有链接的问法"]
    assert [(i.line, i.target) for i in page.faq_items()] == [(14, "#聆听"), (15, None)]


def test_synonym_formal_term_only_in_a_diagram_is_missing(project):
    write_page(project, body=GOOD_BODY + "\n```mermaid\nflowchart LR\n  A[受理台账] --> B[回访]\n```\n")
    table = write_synonyms(project, "聆听：听他讲\n受理台账：登记本\n")
    assert first_error(project) == f"{table}:2: 正式用语“受理台账”在网站页面中找不到。"
