"""Exam and grading files never reach the site: writers refuse the site's folders, and `check` and
`mkdocs build` refuse a docs/ that holds such a file, naming it."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest
from click.testing import CliRunner
from conftest import copy_project, mkdocs_build
from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty

from servicebook.cli import main
from servicebook.errors import ProblemsFound
from servicebook.kb.private_files import private_files
from servicebook.paths import refuse_published


def test_a_path_inside_any_sites_docs_or_site_dir_is_refused_wherever_we_run(tmp_path, monkeypatch):
    site = tmp_path / "kb"
    (site / "content").mkdir(parents=True)
    (site / "mkdocs.yml").write_text("site_name: x\ndocs_dir: content\nsite_dir: ../public\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with pytest.raises(ProblemsFound) as error:
        refuse_published(site / "content" / "a" / "b", "考试目录")
    assert "考试目录不能写入网站页面目录" in str(error.value)
    with pytest.raises(ProblemsFound):
        refuse_published(tmp_path / "public", "报告", root=site)  # site_dir outside the project
    refuse_published(site / "docs" / "x", "考试目录")  # docs/ is not this site's docs_dir
    refuse_published(site / "exams" / "x", "考试目录")


def exam_files(docs):
    (docs / "leak").mkdir()
    (docs / "leak" / "manifest.json").write_text(json.dumps({"format": "servicebook-exam/1", "papers": []}),
                                                 encoding="utf-8")
    (docs / "leak" / "answer-key.html").write_text("<html></html>", encoding="utf-8")
    (docs / "leak" / "张三.html").write_text(
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<meta name="servicebook-exam" content="2026-12-客服">',
        encoding="utf-8")
    with sqlite3.connect(docs / "leak" / "notes.bin") as db:  # a gradebook under another name
        db.execute("CREATE TABLE t (x)")
    book = Workbook()
    book.custom_doc_props.append(StringProperty(name="servicebook-exam", value="2026-12-客服"))
    book.save(docs / "leak" / "filled.xlsx")
    (docs / "leak" / "filled.csv").write_text("考试：2026-12-客服\n试卷编号,1\n", encoding="utf-8")
    # Ordinary site files stay allowed.
    (docs / "leak" / "plain.json").write_text('{"a": 1}', encoding="utf-8")
    Workbook().save(docs / "leak" / "template.xlsx")


def test_exam_and_grading_files_under_docs_are_named_with_what_they_are(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    exam_files(tmp_path / "docs")
    (tmp_path / "docs" / "leak" / "server-secret.key").write_text("0" * 64 + "\n", encoding="ascii")
    found = {p.path: p.message.split("，")[0] for p in private_files(tmp_path / "docs")}
    leak = os.path.join("docs", "leak")
    assert found == {
        os.path.join(leak, "answer-key.html"): "网站页面目录中有答案解析",
        os.path.join(leak, "filled.csv"): "网站页面目录中有答题卡",
        os.path.join(leak, "filled.xlsx"): "网站页面目录中有答题卡",
        os.path.join(leak, "manifest.json"): "网站页面目录中有考试清单（含答案）",
        os.path.join(leak, "notes.bin"): "网站页面目录中有成绩库（SQLite 文件）",
        os.path.join(leak, "server-secret.key"): "网站页面目录中有考试服务器密钥（server/secret.py：登录码摘要的密钥）",
        os.path.join(leak, "张三.html"): "网站页面目录中有试卷",
    }


def test_check_and_mkdocs_build_refuse_a_docs_holding_an_exam(tmp_path, monkeypatch):
    root = copy_project(tmp_path)
    monkeypatch.chdir(root)
    made = CliRunner().invoke(main, ["exam", "new", "--month", "2026-12", "--role", "客服", "--variants", "2",
                                     "--no-pdf", "--out", "exams/x"])
    assert made.exit_code == 0, made.output
    os.rename(root / "exams" / "x", root / "docs" / "x")  # a trainer moves the folder by hand
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "docs/x/manifest.json: 网站页面目录中有考试清单（含答案）" in result.output
    built = mkdocs_build(root, tmp_path / "site")
    assert built.returncode != 0
    assert "docs/x/answer-key.html: 网站页面目录中有答案解析" in built.stderr
    assert not (tmp_path / "site").exists()
