"""Thin MkDocs adapter: every event hands its work to the servicebook core."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from servicebook import glossary, pageinfo, rolebooks, search_fix, vendor
from servicebook.check import Project, check_site
from servicebook.errors import format_problems
from servicebook.mkdocs_plugin.config import ServicebookConfig
from servicebook.pages import KnowledgeBase, load_sources

log = get_plugin_logger(__name__)
PACKAGE_ASSETS = Path(__file__).resolve().parent.parent / "assets"
GLOSSARY_MARKER = "<!-- glossary -->"
MERMAID = "assets/vendor/mermaid/mermaid.min.js"
IFRAME_WORKER = "assets/vendor/iframe-worker/shim.js"


class ServicebookPlugin(BasePlugin[ServicebookConfig]):
    kb: KnowledgeBase | None = None

    # Validate everything before a single file is written (a broken page never half-builds the site).
    @event_priority(100)
    def on_config(self, config):
        if not self.config.enabled:
            return
        self.root = Path(config.config_file_path).resolve().parent
        self.project = Project(self.root, docs_dir=str(Path(config.docs_dir).resolve()),
                               sources_file=self.config.sources_file, glossary_file=self.config.glossary_file)
        self.kb, problems = check_site(self.project)
        errors = [p for p in problems if not p.warning]
        for warning in (p for p in problems if p.warning):
            log.warning(str(warning))
        if errors:
            raise PluginError("知识库检查未通过：\n" + format_problems(problems))
        self.vendor_dir = self.root / self.config.vendor_dir
        if missing := vendor.missing_files(self.vendor_dir):
            raise PluginError(f"缺少离线前端资源：{'、'.join(missing)}。请先运行 make assets（需要 Node.js 和 npm）。")
        config.extra_css.append("assets/servicebook/servicebook.css")
        # The offline plugin (make dist) loads this shim from a CDN unless a local copy is listed.
        offline = config.plugins.get("material/offline") or config.plugins.get("offline")
        if offline is not None and offline.config.enabled:
            config.extra.setdefault("polyfills", []).append(IFRAME_WORKER)
        self.today = dt.date.today()
        return config

    def on_files(self, files: Files, *, config):
        if not self.config.enabled:
            return
        generated = [rolebooks.sources_page(self.kb, load_sources(self.project.sources))]
        if self.config.role_pages:
            generated += rolebooks.role_pages(self.kb)
        for page in generated:
            files.append(File.generated(config, page.src, content=page.markdown))
        for asset in sorted(PACKAGE_ASSETS.rglob("*")):
            if asset.is_file():
                src = f"assets/servicebook/{asset.relative_to(PACKAGE_ASSETS).as_posix()}"
                files.append(File.generated(config, src, abs_src_path=str(asset)))
        for asset in sorted(self.vendor_dir.rglob("*.js")):
            src = f"assets/vendor/{asset.relative_to(self.vendor_dir).as_posix()}"
            files.append(File.generated(config, src, abs_src_path=str(asset)))
        return files

    def on_page_markdown(self, markdown, *, page, config, files):
        if not self.config.enabled or GLOSSARY_MARKER not in markdown:
            return
        terms = glossary.load_glossary(self.root / self.config.glossary_file)
        return markdown.replace(GLOSSARY_MARKER, glossary.glossary_table(terms))

    def on_page_content(self, html, *, page, config, files):
        if not self.config.enabled or not self.config.page_header:
            return
        source = self.kb.pages.get(page.file.src_uri)
        if source is None or source.meta is None:
            return
        return pageinfo.page_header(source.meta, self.today) + html

    def on_post_page(self, output, *, page, config):
        # Load the local Mermaid only on pages with a diagram, before Material's bundle looks for it.
        if not self.config.enabled or 'class="mermaid"' not in output:
            return
        script = f'<script src="{get_relative_url(MERMAID, page.url)}"></script>'
        marker = '<script src="' + get_relative_url("assets/javascripts/bundle", page.url)
        index = output.find(marker)
        if index < 0:
            index = output.rfind("</body>")
        return output[:index] + script + output[index:]

    @event_priority(-50)
    def on_post_build(self, *, config):
        if not self.config.enabled or not any(name.endswith("search") for name in config.plugins):
            return
        if not search_fix.patch_worker(Path(config.site_dir)):
            log.warning("未能修正搜索脚本中的中文分词问题（Material 版本可能已变化），连续输入的多个词只会搜索第一个。")
