"""Search quality on the evaluation set, scored in node over the real site's built index (issue 11)."""

from __future__ import annotations

import searcheval

# Measured on this build over the whole set, held-out batches included (scripts/bench/search.py prints
# the same figures per tier and batch next to Material's default): 0.903 with batch 2026-12-01-blind2.
HIT3_LEVEL = 0.90
SLACK = 0.03
# The share of tests/search_eval/not_found.yml that gets the not-found message (0.65 reached with
# search_index.WEAK_MATCH, calibrated by tests/js/search-calibrate.js, before the held-out batch
# 2026-12-01-blind2 was added; 0.617 with it, which shows it 6 times in 15).
NOT_FOUND_LEVEL = 0.62


def test_answering_page_in_top_three_does_not_fall(built_site, tmp_path):
    result = searcheval.score(built_site / "search" / "search_index.json", tmp_path)
    assert result["hit3"] >= HIT3_LEVEL - SLACK, result
    # The not-found message must not hide answers the site has.
    assert result["not_found_wrongly_shown"] <= 0.05, result


def test_unanswered_questions_get_the_not_found_message(built_site, tmp_path):
    result = searcheval.score(built_site / "search" / "search_index.json", tmp_path)
    assert result["not_found_shown"] >= NOT_FOUND_LEVEL - SLACK, result
