"""信息处理费: the tiers of 国办函〔2020〕109号, checked band by band.

Tiers as verified in the stored copies (docs/fees.md quotes them with sources):
按件: "（一）同一申请人一个自然月内累计申请10件以下（含10件）的，不收费。（二）…11—30件（含30件）的部分：100元/件。
（三）…31件以上的部分：以10件为一档，每增加一档，收费标准提高100元/件。"
按量: "（一）30页以下（含30页）的，不收费。（二）31—100页（含100页）的部分：10元/页。（三）101—200页（含200页）的部分：
20元/页。（四）201页以上的部分：40元/页。"
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.cases.fees import (
    BY_ITEM,
    BY_VOLUME,
    FeeError,
    compute_fee,
    fee_by_item,
    fee_by_volume,
    item_unit_price,
    page_unit_price,
)


@pytest.mark.parametrize("n,price", [
    (1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400), (100, 800),
])
def test_item_prices(n, price):
    assert item_unit_price(n) == Decimal(price)


@pytest.mark.parametrize("n,price", [(1, 0), (30, 0), (31, 10), (100, 10), (101, 20), (200, 20), (201, 40), (5000, 40)])
def test_page_prices(n, price):
    assert page_unit_price(n) == Decimal(price)


def test_by_item_counts_the_month_so_far():
    # The applicant's 12th application this month: 11 already counted → the 12th costs 100.
    q = fee_by_item(1, already_this_month=11)
    assert q.amount == 100 and q.working() == ["第12件：1件 × 100元 = 100元"]
    # Still within the free ten.
    assert fee_by_item(1, already_this_month=9).amount == 0
    # One application split into 25 items under "一事一申请", after 5 earlier this month: items 6–30.
    q = fee_by_item(25, already_this_month=5)
    assert [(b.first, b.last, b.unit_price) for b in q.bands] == [(6, 10, 0), (11, 30, 100)]
    assert q.amount == 20 * 100


def test_by_item_across_bands():
    q = fee_by_item(50)  # items 1–50 in one month
    assert [(b.first, b.last, int(b.unit_price)) for b in q.bands] == [
        (1, 10, 0), (11, 30, 100), (31, 40, 200), (41, 50, 300)]
    assert q.amount == 20 * 100 + 10 * 200 + 10 * 300 == 7000
    text = q.explain()
    assert "第31—40件：10件 × 200元 = 2,000元" in text and "合计：7,000元" in text and "109号" in text


def test_by_volume():
    q = fee_by_volume(250)
    assert [(b.first, b.last, int(b.unit_price)) for b in q.bands] == [
        (1, 30, 0), (31, 100, 10), (101, 200, 20), (201, 250, 40)]
    assert q.amount == 70 * 10 + 100 * 20 + 50 * 40 == 4700
    assert fee_by_volume(30).amount == 0
    assert fee_by_volume(31).amount == 10
    assert fee_by_volume(0).bands == ()


def test_one_method_per_application_and_bad_input():
    assert compute_fee(BY_ITEM, 1, already_this_month=30).amount == 200
    assert compute_fee(BY_VOLUME, 101).amount == 70 * 10 + 20
    with pytest.raises(FeeError, match="按量计收"):
        compute_fee(BY_VOLUME, 50, already_this_month=3)
    with pytest.raises(FeeError, match="by_item"):
        compute_fee("both", 5)
    for bad in (-1, 1.5, "3", True):
        with pytest.raises(FeeError):
            fee_by_volume(bad)
    with pytest.raises(FeeError):
        fee_by_item(1, already_this_month=-2)
    with pytest.raises(FeeError):
        item_unit_price(0)


def test_to_dict_is_json_ready():
    d = fee_by_item(3, already_this_month=29).to_dict()
    assert d["amount"] == "500" and d["method_label"] == "按件计收"
    assert [b["count"] for b in d["bands"]] == [1, 2]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 400), st.integers(0, 400))
def test_item_fee_is_the_sum_of_each_items_price(items, before):
    q = fee_by_item(items, already_this_month=before)
    assert q.amount == sum((item_unit_price(n) for n in range(before + 1, before + items + 1)), Decimal(0))
    assert sum(b.count for b in q.bands) == items
    # Splitting the same items over two applications in the month costs the same in total.
    k = items // 2
    first = fee_by_item(k, already_this_month=before).amount
    split = first + fee_by_item(items - k, already_this_month=before + k).amount
    assert split == q.amount


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2000))
def test_volume_fee_is_monotone_and_progressive(pages):
    q = fee_by_volume(pages)
    assert q.amount == sum((page_unit_price(n) for n in range(1, pages + 1)), Decimal(0))
    assert fee_by_volume(pages + 1).amount - q.amount == page_unit_price(pages + 1)
