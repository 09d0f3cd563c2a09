"""The real knowledge base passes every content rule: front matter, highlights, 常见问法, links, nav."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import ROOT

from servicebook.check import Project, check_site
from servicebook.cli import main
from servicebook.errors import format_problems


def test_every_page_follows_the_content_rules():
    kb, problems = check_site(Project(ROOT))
    errors = [p for p in problems if not p.warning]
    assert not errors, format_problems(errors)
    assert len(kb.content_pages()) >= 60


def test_servicebook_check_passes_on_the_real_project():
    result = CliRunner().invoke(main, ["check", "--root", str(ROOT)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith("检查通过：")


def test_every_cli_command_has_chinese_help():
    commands = [[name] for name in main.commands]
    commands += [[group, name] for group, cmd in main.commands.items() for name in getattr(cmd, "commands", {})]
    for args in commands:
        result = CliRunner().invoke(main, [*args, "--help"])
        assert result.exit_code == 0, args
        assert result.output.startswith("用法："), args
        assert "Show this message" not in result.output, args


def test_search_synonym_table_is_broad_and_every_formal_term_is_on_a_page():
    from servicebook.site.synonyms import check_synonyms, load_synonyms

    kb, _ = check_site(Project(ROOT))
    path = ROOT / "includes" / "search_synonyms.txt"
    entries, _ = load_synonyms(path)
    assert not check_synonyms(path, kb)
    everyday = {word for entry in entries for word in entry.everyday}
    assert len(entries) >= 300 and len(everyday) >= 1000
    # Groups are written page by page: each "# ---- page-id 标题" header names a real page.
    ids = set(kb.by_id) | {"index"}
    headers = [line.split()[2] for line in path.read_text(encoding="utf-8").splitlines()
               if line.startswith("# ----") and len(line.split()) > 2]
    for header in headers:
        for page_id in header.split("/"):
            assert page_id in ids or page_id == "全站通用", page_id
