"""The site navigation (nav: in mkdocs.yml): every entry must exist, every page must be listed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from servicebook.errors import Problem
from servicebook.kb.pages import KnowledgeBase
from servicebook.paths import display_path


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its !ENV / !!python tags (we only need nav)."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(config_file: Path) -> dict:
    """mkdocs.yml as plain data (tags left unrun)."""
    return yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}


def read_nav(config_file: Path) -> Any:
    return read_config(config_file).get("nav")


def nav_paths(nav: Any) -> list[str]:
    """All page paths listed in a nav structure, in order."""
    paths: list[str] = []
    if isinstance(nav, str):
        paths.append(nav)
    elif isinstance(nav, list):
        for item in nav:
            paths.extend(nav_paths(item))
    elif isinstance(nav, dict):
        for value in nav.values():
            paths.extend(nav_paths(value))
    return [p for p in paths if p.endswith(".md")]


def check_nav(nav: Any, kb: KnowledgeBase, generated: frozenset[str], config_file: str) -> list[Problem]:
    if nav is None:
        return []
    listed = nav_paths(nav)
    problems = [
        Problem(config_file, 0, f"导航 nav 中的 {path} 不存在。", "删除这一项，或改成 docs/ 中已有页面的路径。")
        for path in listed if path not in kb.pages and path not in generated
    ]
    problems += [
        Problem(page.file, 0, "页面没有列入导航 nav，读者无法从菜单找到它。",
                f"在 {config_file} 的 nav 中对应栏目下加上 {page.src}。")
        for page in kb.pages.values() if page.src not in listed
    ]
    return problems


def config_display(config_file: Path) -> str:
    return display_path(config_file)
