"""Answer normalisation: the cases the browser copy (tests/js/numerals.test.js) must agree on, and round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicebook.numerals import chinese_to_int, int_to_chinese, normalize_answer

CASES = json.loads((Path(__file__).parent / "data" / "numerals_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("typed", "expected"), CASES["normalize"])
def test_shared_cases_normalise_as_listed(typed, expected):
    assert normalize_answer(typed) == expected


@pytest.mark.parametrize(("number", "written"), CASES["int_to_chinese"])
def test_numbers_are_written_the_way_people_write_them(number, written):
    assert int_to_chinese(number) == written
    assert chinese_to_int(written) == number


def test_every_number_below_two_hundred_thousand_round_trips():
    # The issue counted 190 failures in this range (10010 → 一万零十 → 10000).
    assert [n for n in range(200_000) if normalize_answer(int_to_chinese(n)) != str(n)] == []


@settings(max_examples=2000, deadline=None)
@given(st.integers(min_value=0, max_value=10**8))
def test_chinese_numerals_round_trip_up_to_a_hundred_million(number):
    assert normalize_answer(int_to_chinese(number)) == str(number)
    assert normalize_answer(int_to_chinese(number) + "元") == f"{number}元"
