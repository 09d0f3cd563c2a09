"""What the MkDocs plugin adds to a build, checked on a small project built with the real config."""

from __future__ import annotations

import json
import re

import pytest
from conftest import mkdocs_build
from sitefixture import make_project

from servicebook.site.search_index import TOKEN_SEP

TEN_STEPS = {
    "title": "处理投诉十步法", "id": "ten-steps",
    "body": """
        ## 第一步：聆听

        实行首问负责制的员工要在==10分钟==内回应，FTF 与 FTFX 不同。

        ```mermaid
        flowchart LR
          A[聆听] --> B[致歉]
        ```

        ## 常见问法

        - [业主骂人怎么办](#第一步聆听)
    """,
}
OVERDUE = {
    "title": "旧标准", "id": "old-standard", "category": "服务标准", "roles": "全员",
    "review_by": "2026-06-30",
    "body": "## 条款\n\n内容。\n\n## 常见问法\n\n- [旧标准是什么](#条款)\n",
}
NEW_HIRE_ONLY = {
    "title": "入职须知", "id": "new-hire", "category": "培训与考核", "roles": "新员工",
    "body": "## 须知\n\n内容。\n",
}
GLOSSARY = "*[首问负责制]: 第一个接待的员工负责到底\n*[FTF]: 资料列为标准动作之一，未作解释\n"


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("plugin")
    root = make_project(tmp, {
        "complaints/ten-steps.md": TEN_STEPS,
        "standards/old-standard.md": OVERDUE,
        "training/new-hire.md": NEW_HIRE_ONLY,
    }, glossary=GLOSSARY)
    site = tmp / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    return site


def read(site, path):
    return (site / path).read_text(encoding="utf-8")


def article(site, path):
    """The page's own content, without the navigation around it."""
    html = read(site, path)
    return html[html.index("<article"):html.index("</article>")]


def test_role_page_lists_pages_for_that_role_and_for_everyone(fixture_site):
    kefu = article(fixture_site, "roles/kefu/index.html")
    assert "处理投诉十步法" in kefu and "旧标准" in kefu
    assert "入职须知" not in kefu
    newcomer = article(fixture_site, "roles/xinyuangong/index.html")
    assert "入职须知" in newcomer and "旧标准" in newcomer and "处理投诉十步法" not in newcomer


def test_page_header_shows_version_dates_and_sources(fixture_site):
    html = read(fixture_site, "complaints/ten-steps/index.html")
    assert "版本 1.0" in html and "生效 2026-01-01" in html and "复审 2099-01-01" in html
    assert "资料来源：哈密波尔多小镇物业管理培训报告" in html
    assert "本页已超过复审日期" not in html


def test_page_past_review_date_shows_notice(fixture_site):
    assert "本页已超过复审日期" in read(fixture_site, "standards/old-standard/index.html")


def test_glossary_tooltips_inside_chinese_sentences(fixture_site):
    html = read(fixture_site, "complaints/ten-steps/index.html")
    assert '实行<abbr title="第一个接待的员工负责到底">首问负责制</abbr>的员工' in html
    # Latin terms keep their word boundaries: FTF is marked, FTFX is not.
    assert '<abbr title="资料列为标准动作之一，未作解释">FTF</abbr> 与 FTFX' in html


def test_chinese_headings_get_readable_anchors(fixture_site):
    assert 'id="第一步聆听"' in read(fixture_site, "complaints/ten-steps/index.html")


def test_search_index_is_segmented_and_stored_as_utf8(fixture_site):
    raw = read(fixture_site, "search/search_index.json")
    # Chinese as UTF-8, not \uXXXX escapes: about half the bytes.
    assert "首问负责制" in raw and not re.search(r"\\u[4-9][0-9a-f]{3}", raw)
    docs = json.loads(raw)["docs"]
    words = {word for section in docs["sections"] for field in section[2:] for word in field.split(TOKEN_SEP)}
    assert "首问负责制" in words  # kept whole by our user dictionary


def test_our_search_worker_replaces_materials(fixture_site):
    workers = list((fixture_site / "assets/javascripts/workers").glob("search.*.min.js"))
    assert workers and "ServicebookSearch" in workers[0].read_text(encoding="utf-8")
    assert not list((fixture_site / "assets/javascripts/workers").glob("*.map"))


def test_mermaid_is_local_and_only_on_pages_with_diagrams(fixture_site):
    with_diagram = read(fixture_site, "complaints/ten-steps/index.html")
    assert '<script src="../../assets/vendor/mermaid/mermaid.min.js"></script>' in with_diagram
    assert "mermaid.min.js" not in read(fixture_site, "standards/old-standard/index.html")
    assert (fixture_site / "assets/vendor/mermaid/mermaid.min.js").stat().st_size > 100_000


def test_no_page_references_another_host(fixture_site):
    import re

    for html in fixture_site.rglob("*.html"):
        for url in re.findall(r"""(?:src|href)=["'](https?:)?//([^/"']+)""", html.read_text(encoding="utf-8")):
            pytest.fail(f"{html} 引用了外部地址 {url}")


def test_strict_build_fails_on_bad_page_and_writes_nothing(tmp_path):
    bad = dict(TEN_STEPS, roles="保安")
    root = make_project(tmp_path, {"complaints/ten-steps.md": bad})
    site = tmp_path / "site"
    result = mkdocs_build(root, site)
    assert result.returncode != 0
    assert "docs/complaints/ten-steps.md:5: roles 中的 '保安' 不是有效岗位" in result.stderr
    assert not site.exists()


def test_strict_build_fails_on_broken_anchor(tmp_path):
    broken = dict(TEN_STEPS, body=TEN_STEPS["body"] + "\n见[回访](#不存在的标题)。\n")
    root = make_project(tmp_path, {"complaints/ten-steps.md": broken})
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode != 0
    assert "中的锚点 #不存在的标题 在 docs/complaints/ten-steps.md 中不存在" in result.stderr
    assert not (tmp_path / "site").exists()


def test_generated_lists_stay_out_of_search(fixture_site):
    # They repeat every page title and would push the pages themselves down the results.
    index = json.loads(read(fixture_site, "search/search_index.json"))
    locations = {page[0] for page in index["docs"]["pages"]}
    assert "complaints/ten-steps/" in locations
    assert not [loc for loc in locations if loc.startswith(("roles/", "appendix/sources", "practice/"))]
