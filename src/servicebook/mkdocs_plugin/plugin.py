"""Thin MkDocs adapter: every event hands its work to the servicebook core."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from servicebook.bank import generate
from servicebook.bank import idmap
from servicebook.check import Project, check_bank, check_site
from servicebook.errors import ProblemsFound, format_problems
from servicebook.exam import plan as plan_module
from servicebook.kb.pages import KnowledgeBase, load_sources
from servicebook.mkdocs_plugin.config import ServicebookConfig
from servicebook.site import bundle, daily, glossary, pageinfo, practice, rolebooks, search_site, vendor
from servicebook.site.search_index import SourcePage

log = get_plugin_logger(__name__)
PACKAGE_ASSETS = Path(__file__).resolve().parent.parent / "site" / "assets"
GLOSSARY_MARKER = "<!-- glossary -->"
MERMAID = "assets/vendor/mermaid/mermaid.min.js"
IFRAME_WORKER = "assets/vendor/iframe-worker/shim.js"
FSRS = "assets/vendor/ts-fsrs/ts-fsrs.umd.js"


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
        config.extra_javascript.append(bundle.BUNDLE)
        # The offline plugin (make dist) loads this shim from a CDN unless a local copy is listed.
        offline = config.plugins.get("material/offline") or config.plugins.get("offline")
        if offline is not None and offline.config.enabled:
            config.extra.setdefault("polyfills", []).append(IFRAME_WORKER)
        self.today = dt.date.today()
        self.search_pages: list[SourcePage] = []
        if self.config.practice:
            self._load_practice(config)
        return config

    def _load_practice(self, config) -> None:
        """Practice questions by page (never use: exam ones) and the training plan, if there is one."""
        bank, problems = check_bank(self.project, self.kb)
        if errors := [p for p in problems if not p.warning]:
            raise PluginError("题库检查未通过：\n" + format_problems(errors))
        self.questions = practice.eligible(bank.questions + generate.generated_questions(self.kb), bank.retired)
        self.practice_pages = practice.by_page(self.questions)
        self.plan = None
        plan_path = self.root / self.config.plan_file
        if plan_path.is_file():
            try:
                self.plan = plan_module.load_plan(plan_path)
            except ProblemsFound as error:
                log.warning(f"培训计划有误，本月学习页面暂不列出页面：\n{error}")
        config.extra_css.append("assets/servicebook/practice.css")

    def on_files(self, files: Files, *, config):
        if not self.config.enabled:
            return
        generated = [rolebooks.sources_page(self.kb, load_sources(self.project.sources))]
        if self.config.role_pages:
            generated += rolebooks.role_pages(self.kb)
        for page in generated:
            files.append(File.generated(config, page.src, content=page.markdown))
        if self.config.practice:
            for src, markdown in self._practice_pages():
                files.append(File.generated(config, src, content=markdown))
        if self.config.practice:
            files = self._daily_scripts(files, config)
        for asset in sorted(PACKAGE_ASSETS.glob("*.css")):
            files.append(File.generated(config, f"assets/servicebook/{asset.name}", abs_src_path=str(asset)))
        files.append(File.generated(config, bundle.BUNDLE, content=bundle.bundle()))
        if self.config.practice:
            files.append(File.generated(config, bundle.DAILY_BUNDLE, content=bundle.bundle(bundle.DAILY_MODULES)))
        for asset in sorted(self.vendor_dir.rglob("*.js")):
            src = f"assets/vendor/{asset.relative_to(self.vendor_dir).as_posix()}"
            files.append(File.generated(config, src, abs_src_path=str(asset)))
        if self._our_search(config) and search_site.will_install(f.src_uri for f in files):
            search_site.lighten_material_index(config.plugins.get("material/search") or config.plugins.get("search"))
        return files

    def _practice_pages(self) -> list[tuple[str, str]]:
        return [(practice.INDEX_PAGE, practice.index_page()), (practice.WRONG_PAGE, practice.wrong_page()),
                (practice.DAILY_PAGE, practice.daily_page()), (practice.MONTH_PAGE, practice.month_page())]

    def _daily_scripts(self, files: Files, config) -> Files:
        """每日一练: one card script per role, so a reader loads only their own deck."""
        where = files.get_file_from_path(practice.DAILY_PAGE).url
        link = lambda src: get_relative_url(files.get_file_from_path(src).url, where)  # noqa: E731
        cards = daily.cards(self.questions)
        weeks = daily.onboarding_weeks(self.kb, self.config.onboarding_page)
        renamed = practice.renamed_hashes(idmap.load(self.root / self.project.quizzes_dir))
        for role in rolebooks.ROLE_SLUGS:
            data = daily.payload(role, cards, self.kb, link, weeks if role == daily.NEW_HIRE else None)
            if renamed:
                data["renamed"] = renamed
            files.append(File.generated(config, daily.script_path(role), content=daily.role_script(data)))
        return files

    def on_page_markdown(self, markdown, *, page, config, files):
        if not self.config.enabled:
            return
        if GLOSSARY_MARKER in markdown:
            terms = glossary.load_glossary(self.root / self.config.glossary_file)
            markdown = markdown.replace(GLOSSARY_MARKER, glossary.glossary_table(terms))
        if self.config.search:
            source = self.kb.pages.get(page.file.src_uri)
            title = source.title if source is not None else (page.title or "")
            # A 资料没有规定 box names topics the page does not answer: search_index keeps it out of
            # the section's text and search says 没有找到 for them.
            self.search_pages.append(SourcePage(page.file.src_uri, page.url, title, markdown))
        return markdown

    def on_page_content(self, html, *, page, config, files):
        if not self.config.enabled:
            return
        if self.config.practice and (extra := self._practice_content(page, files)):
            return html + extra
        source = self.kb.pages.get(page.file.src_uri)
        if source is None or source.meta is None:
            return
        if self.config.page_header:
            html = pageinfo.page_header(source.meta, self.today) + html
        if self.config.practice and (questions := self.practice_pages.get(source.meta.id)):
            html += practice.practice_block(practice.page_payload(source.meta.id, source.title, questions))
        if page.file.src_uri == self.config.onboarding_page:
            html = '<div class="sb-onboarding" data-search-exclude></div>' + html
        return html

    def _practice_content(self, page, files) -> str | None:
        """The data blocks of the generated training pages (每日一练, 本月学习, 错题本)."""
        src = page.file.src_uri
        if src == practice.DAILY_PAGE:
            return daily.block({role: get_relative_url(daily.script_path(role), page.url)
                                for role in rolebooks.ROLE_SLUGS})
        if src == practice.MONTH_PAGE:
            link = lambda target: get_relative_url(files.get_file_from_path(target).url, page.url)  # noqa: E731
            version = practice.plan_version(self.plan, self.today.isoformat())
            return practice.month_block(practice.plan_payload(self.plan, self.kb, link, version))
        if src == practice.WRONG_PAGE:
            return practice.wrong_block((q.id for q in self.questions), files.get_file_from_path(practice.DAILY_PAGE).url,
                                        idmap.load(self.root / self.project.quizzes_dir))
        return None

    def on_post_page(self, output, *, page, config):
        if self.config.enabled and self.config.practice and page.file.src_uri == practice.DAILY_PAGE:
            # FSRS (a global) and the 每日一练 code are only needed here; they start once the page is parsed.
            index = output.rfind("</body>")
            scripts = "".join(f'<script src="{get_relative_url(js, page.url)}"></script>' for js in (FSRS, bundle.DAILY_BUNDLE))
            return output[:index] + scripts + output[index:]
        # Load the local Mermaid only on pages with a diagram, before Material's bundle looks for it.
        if not self.config.enabled or 'class="mermaid"' not in output:
            return
        script = f'<script src="{get_relative_url(MERMAID, page.url)}"></script>'
        marker = '<script src="' + get_relative_url("assets/javascripts/bundle", page.url)
        index = output.find(marker)
        if index < 0:
            index = output.rfind("</body>")
        return output[:index] + script + output[index:]

    def _our_search(self, config) -> bool:
        return self.config.enabled and self.config.search and any(n.endswith("search") for n in config.plugins)

    # After Material's search plugin wrote its index, before the offline plugin inlines it (-100).
    @event_priority(-50)
    def on_post_build(self, *, config):
        if not self._our_search(config):
            return
        import jieba  # Material's search plugin has loaded our user dictionary into it

        installed = search_site.install(
            Path(config.site_dir), self.search_pages, search_site.run_cache(jieba.cut),
            synonyms=search_site.load_synonyms(self.root / self.config.search_synonyms),
            fallback=self.config.search_fallback)
        if not installed:
            log.warning("未找到 Material 的搜索索引或搜索脚本，站内搜索仍是 Material 默认的排序（Material 版本可能已变化）。")
