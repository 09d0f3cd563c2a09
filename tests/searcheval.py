"""The search evaluation set (tests/search_eval/) as cases for the node scorer (tests/js/search-eval.js)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

from servicebook.kb.markdown_scan import SLUGIFY

HERE = Path(__file__).resolve().parent
EVAL_DIR = HERE / "search_eval"
SCORER = HERE / "js" / "search-eval.js"


def page_location(src: str, directory_urls: bool = True) -> str:
    """Where MkDocs puts a docs/ page: complaints/ten-steps.md -> complaints/ten-steps/."""
    stem = src[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    return (stem[: -len("index")] if stem.endswith("/index") else stem + "/")


def cases(directory_urls: bool = True) -> dict:
    queries = yaml.safe_load((EVAL_DIR / "queries.yml").read_text(encoding="utf-8"))
    not_found = yaml.safe_load((EVAL_DIR / "not_found.yml").read_text(encoding="utf-8"))
    answerable = []
    for entry in queries:
        answers = []
        for answer in entry["answers"]:
            src, _, heading = answer.partition("#")
            answers.append([page_location(src, directory_urls), SLUGIFY(heading, "-")])
        answerable.append({"q": entry["q"], "tier": entry.get("tier", ""), "batch": entry.get("batch", ""),
                           "answers": answers})
    return {"queries": answerable,
            "not_found": [{"q": entry["q"], "batch": entry.get("batch", "")} for entry in not_found]}


def score(index_file: Path, tmp_dir: Path, engine: str = "ours", details: bool = False) -> dict:
    """Run the eval set through an engine in node over a built site's index: hit@1/3, MRR, not-found."""
    case_file = tmp_dir / "search-eval-cases.json"
    case_file.write_text(json.dumps(cases(), ensure_ascii=False), encoding="utf-8")
    args = ["node", str(SCORER), engine, str(index_file), str(case_file)] + (["--details"] if details else [])
    result = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)
