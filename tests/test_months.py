from servicebook import months


def test_shift_crosses_years_both_ways():
    assert months.shift("2026-12", 1) == "2027-01"
    assert months.shift("2027-01", -1) == "2026-12"
    assert months.shift("2026-05", -17) == "2024-12"


def test_following_and_before():
    assert months.following("2026-11", 3) == ["2026-11", "2026-12", "2027-01"]
    assert months.before("2027-02") == ("2027-01", "2026-12", "2026-11")


def test_training_year_and_quarters():
    assert months.cycle_start("2026-12") == "2026-12"
    assert months.cycle_start("2027-11") == "2026-12"
    assert [months.slot_index(m) for m in ("2026-12", "2027-01", "2027-11")] == [0, 1, 11]
    assert months.quarter_months(2026, 4) == ["2026-10", "2026-11", "2026-12"]
    assert months.MONTH.match("2026-12") and not months.MONTH.match("2026-13")
