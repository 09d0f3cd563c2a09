"""Put our search into a built site: our index in place of Material's, our worker in place of its.

Material's page script fetches `search/search_index.json` (or, from file://, the copy the offline
plugin inlines into `search/search_index.js`) and hands `{config, docs}` to the worker named in the
page's `__config`; we keep Material's `config` (the page-side `?h=` highlighter reads its
separator), put our index in `docs`, and write our worker over Material's worker file. Only pages
Material indexed are indexed, so `search: exclude: true` keeps working.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from pathlib import Path

from servicebook.site.search_index import SourcePage, build_index

ASSETS = Path(__file__).resolve().parent / "assets"
ENGINE_FILES = ("search-text.js", "search-engine.js", "search-query.js", "search-results.js", "search-worker.js")


def worker_source() -> str:
    """The engine files as one worker script, without comment lines and indentation: every page
    load fetches it, and its gzip size counts against Material's default (issue 11 point 6)."""
    return "\n".join(_compact((ASSETS / name).read_text(encoding="utf-8")) for name in ENGINE_FILES)


def _compact(source: str) -> str:
    """Drop lines that are only a comment (// …, /* … */ starting the line) and leading spaces.
    Safe for these files: no template literals or multi-line strings."""
    kept, in_block = [], False
    for line in source.splitlines():
        text = line.strip()
        if in_block:
            in_block = "*/" not in text
            continue
        if text.startswith("/*"):
            in_block = "*/" not in text
            continue
        if text and not text.startswith("//"):
            kept.append(text)
    return "\n".join(kept) + "\n"


def run_cache(cut: Callable[[str], Iterable[str]]) -> Callable[[str], list[str]]:
    """jieba's `cut`, each distinct run cut once per build. jieba splits a text at
    `re_han_default` (runs of Han, letters and digits) and cuts every piece on its own, so a
    piece's words never depend on the text around it; about a third of the pieces repeat
    (headings, ==facts== also in their paragraph, 常见问法 lines)."""
    from jieba import re_han_default

    words: dict[str, list[str]] = {}

    def segment(text: str) -> list[str]:
        out: list[str] = []
        for piece in re_han_default.split(text):
            if piece:
                cached = words.get(piece)
                if cached is None:
                    cached = words[piece] = list(cut(piece))
                out += cached
        return out

    return segment


def load_synonyms(path: Path) -> list[tuple[str, list[str]]]:
    """The synonym table (see servicebook.site.synonyms for its format and checks); [] without one."""
    if not path.is_file():
        return []
    from servicebook.site.synonyms import load_synonyms as load

    entries, _problems = load(path)
    return [(entry.formal, list(entry.everyday)) for entry in entries]


WORKERS = "assets/javascripts/workers/"


def download_size(site_dir: Path) -> tuple[int, int]:
    """(raw, gzip) bytes a page load fetches for search in a built site: the index and the worker
    (Material's lang 'en' loads no lunr files); ours must stay no heavier than Material's (issue 11)."""
    files = [site_dir / "search" / "search_index.json", *(site_dir / WORKERS).glob("search.*.min.js")]
    return (sum(f.stat().st_size for f in files), sum(len(gzip.compress(f.read_bytes(), 6)) for f in files))


def will_install(src_uris: Iterable[str]) -> bool:
    """Whether the site's files include Material's search worker, which `install` writes over."""
    return any(uri.startswith(WORKERS + "search.") and uri.endswith(".min.js") for uri in src_uris)


def lighten_material_index(search_plugin) -> None:
    """Material's search plugin segments every section with jieba, and parses every page into
    sections, for an index that `install` replaces whole: only the pages it lists (and its
    config) are kept. Skip that work where the page it lists is certain without it (about a
    third of a build's search cost). Only when `install` will run, so Material's own index stays."""
    index = getattr(search_plugin, "search_index", None)
    if index is None or not callable(getattr(index, "_segment_chinese", None)):
        return
    index._segment_chinese = _unsegmented
    add_entry = getattr(index, "add_entry_from_context", None)
    entries = getattr(index, "entries", None)
    if not callable(add_entry) or not isinstance(entries, list):
        return

    def listed_page(page) -> None:
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        if surely_indexed(page.content):
            entries.append({"location": page.url, "title": "", "text": ""})
        else:
            add_entry(page)

    index.add_entry_from_context = listed_page


class _FirstSection(HTMLParser):
    """Reads a page's HTML as Material's search Parser does, up to where its first section opens:
    text, or a tag other than a void one (search/plugin.py `void`). Only an <h1 id> marked
    data-search-exclude opens a section Material leaves out."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
            "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.indexed: bool | None = None

    def handle_starttag(self, tag, attrs):
        if self.indexed is None and tag not in self.VOID:
            attrs = dict(attrs)
            self.indexed = not (tag == "h1" and "id" in attrs and "data-search-exclude" in attrs)

    def handle_data(self, data):
        if self.indexed is None:
            self.indexed = True


def surely_indexed(html: str, chunk: int = 256) -> bool:
    """Whether Material's search Parser makes at least one section it indexes of this HTML (its
    first section is one). False: not sure, e.g. a void tag first; Material's own parse decides."""
    parser = _FirstSection()
    for start in range(0, len(html), chunk):
        parser.feed(html[start:start + chunk])
        if parser.indexed is not None:
            return parser.indexed
    return False


def _unsegmented(text: str) -> str:
    return text


def install(site_dir: Path, pages: list[SourcePage], segment: Callable[[str], Iterable[str]], *,
            synonyms: list[tuple[str, list[str]]], fallback: str | None) -> bool:
    """Rewrite the built site's search index and worker; False when Material's files are missing."""
    index_file = site_dir / "search" / "search_index.json"
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if not index_file.is_file() or not workers:
        return False
    material = json.loads(index_file.read_text(encoding="utf-8"))
    indexed = {doc["location"].split("#")[0] for doc in material.get("docs", [])}
    chosen = [page for page in pages if page.location in indexed]
    index = build_index(chosen, segment, synonyms=synonyms, fallback=fallback, config=material.get("config"))
    index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    source = worker_source()
    for worker in workers:
        worker.write_text(source, encoding="utf-8")
        worker.with_name(worker.name + ".map").unlink(missing_ok=True)
    return True
