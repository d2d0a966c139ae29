"""Digit runs: numbers printed together are split only where the table's rules decide."""

from gongkai.ingest import digit_runs as D


def test_splits_without_leading_zeros():
    assert D.splits("000", 3) == [(0, 0, 0)]
    assert (10, 5) in D.splits("105", 2) and (1, 5) not in D.splits("105", 2)
    assert all(not str(n).startswith("0") or n == 0 for s in D.splits("1020304", 4) for n in s)


def test_spaces_are_boundaries():
    assert D.splits("12 3", 2) == [(12, 3)]
    assert D.splits("1 2", 3) == []


def test_row_rule_leaves_one_reading():
    # 9 / 0 / 0 / 1 / 0 / 2 / 12 printed together
    assert D.row_splits("90010212") == [(9, 0, 0, 1, 0, 2, 12)]


def test_row_rule_can_leave_two_readings():
    readings = D.row_splits("120010013")
    assert readings == [(1, 2, 0, 0, 10, 0, 13), (12, 0, 0, 1, 0, 0, 13)]


def test_columns_pick_the_one_consistent_table():
    # a made-up table 3 with two readings of one row; only one keeps the columns balanced
    outcome = ["granted", "other"]
    cands = {
        "new_received": [(3, 1, 0, 0, 0, 0, 4)],
        "carried_over": [(0, 0, 0, 0, 0, 0, 0)],
        "granted": [(2, 1, 0, 0, 0, 0, 3), (1, 2, 0, 0, 0, 0, 3)],
        "other": [(1, 0, 0, 0, 0, 0, 1)],
        "total": [(3, 1, 0, 0, 0, 0, 4)],
        "carried_forward": [(0, 0, 0, 0, 0, 0, 0)],
    }
    surviving, used = D.solve_table3(cands, outcome)
    assert used
    assert surviving["granted"] == [(2, 1, 0, 0, 0, 0, 3)]


def test_undetermined_rows_keep_every_reading():
    cands = {"new_received": [(1,) * 7], "granted": [(1,) * 7, (2,) * 7]}
    surviving, used = D.solve_table3(cands, ["granted"])
    assert not used and len(surviving["granted"]) == 2


def test_agreed_names_only_cells_every_reading_shares():
    assert D.agreed([(1, 2, 3), (1, 5, 3)]) == [1, None, 3]


def test_table4_groups():
    assert D.grouped_splits("102031200012000") == []  # 15 digits, group totals fail
    assert D.grouped_splits("1203000000000000") == [] or all(
        sum(r[g * 5:g * 5 + 4]) == r[g * 5 + 4] for r in D.grouped_splits("1203000000000000") for g in range(3))
    assert D.grouped_splits("101020000000000") == [(1, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)]


def test_non_digits_are_no_run():
    assert D.splits("12a3", 2) == [] and D.row_splits("1.5") == []


def test_a_minus_sign_starts_a_negative_number():
    """本年增/减 prints negative numbers inside a run: ``36-2`` is 36 then -2, never 3 and 6."""
    assert D.tokens("36-2") == ["36", "-2"]
    assert D.splits("36-2", 2) == [(36, -2)]
    assert D.splits("5-12 7", 3) == [(5, -12, 7)]
    assert D.tokens("3-") is None and D.tokens("3--2") is None


def test_full_width_digits_are_digits():
    assert D.tokens("１４\u3000３２") == ["14", "32"]
    assert D.splits("１0 ２", 2) == [(10, 2)]


def test_tables_3_and_4_hold_no_negative_numbers():
    assert D.row_splits("1-1000000") == []
    assert D.grouped_splits("-1" + "0" * 14) == []
