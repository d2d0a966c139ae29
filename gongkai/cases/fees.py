"""信息处理费 (Art. 42 of the Regulations; 国办函〔2020〕109号《政府信息公开信息处理费管理办法》), no Django.

Charged only where the office decides the quantity or frequency of a person's applications is
excessive (Art. 42; 办法第二条), by one method per application, never both (办法第三条), each by
"超额累进" — every band is charged at its own price:

* 按件计收 (办法第四条), per applicant per calendar month, counting the applications already made
  that month: items 1–10 free; 11–30 at 100 yuan; from 31 on, bands of 10 items, each band 100 yuan
  dearer per item than the one before (31–40 at 200, 41–50 at 300 …).
* 按量计收 (办法第五条), per application: pages 1–30 free; 31–100 at 10 yuan; 101–200 at 20 yuan;
  from 201 at 40 yuan per page.

API::

    BY_ITEM = "by_item"; BY_VOLUME = "by_volume"
    @dataclass(frozen=True) class FeeBand:
        first: int; last: int; unit_price: Decimal; unit: str       # "件" or "页"
        .count -> int; .amount -> Decimal; .describe() -> str       # "第11—30件：20件 × 100元 = 2000元"
    @dataclass(frozen=True) class FeeQuote:
        method: str; quantity: int; already_counted: int; bands: tuple[FeeBand, ...]
        .amount -> Decimal; .working() -> list[str]; .explain() -> str; .to_dict() -> dict
    fee_by_item(items=1, *, already_this_month=0) -> FeeQuote
    fee_by_volume(pages) -> FeeQuote
    compute_fee(method, quantity, *, already_this_month=0) -> FeeQuote
    item_unit_price(n) -> Decimal      # price of the applicant's n-th item in the month
    page_unit_price(n) -> Decimal      # price of the n-th page of one application
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..errors import GongkaiError

BY_ITEM = "by_item"
BY_VOLUME = "by_volume"
METHODS = {BY_ITEM: "按件计收", BY_VOLUME: "按量计收"}

FREE_ITEMS = 10
FREE_PAGES = 30
ITEM_BASE_PRICE = Decimal(100)  # 11–30
ITEM_BAND = 10  # from 31: bands of 10 items
ITEM_STEP = Decimal(100)  # each band 100 yuan dearer per item
PAGE_BANDS = ((1, 30, Decimal(0)), (31, 100, Decimal(10)), (101, 200, Decimal(20)), (201, None, Decimal(40)))

BASIS = "《政府信息公开条例》第四十二条；国办函〔2020〕109号《政府信息公开信息处理费管理办法》"


class FeeError(GongkaiError):
    """A fee that cannot be computed as asked (negative count, unknown method …)."""


def _yuan(d: Decimal) -> str:
    return f"{d:,.0f}元" if d == d.to_integral_value() else f"{d:,.2f}元"


@dataclass(frozen=True)
class FeeBand:
    """One band of the progressive scale: items or pages ``first``..``last`` at ``unit_price`` each."""

    first: int
    last: int
    unit_price: Decimal
    unit: str  # "件" or "页"

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.count

    def describe(self) -> str:
        span = f"第{self.first}{self.unit}" if self.first == self.last else f"第{self.first}—{self.last}{self.unit}"
        if not self.unit_price:
            return f"{span}：{self.count}{self.unit}，免费"
        return f"{span}：{self.count}{self.unit} × {_yuan(self.unit_price)} = {_yuan(self.amount)}"


@dataclass(frozen=True)
class FeeQuote:
    """The fee for one application and the working that shows how it was reached."""

    method: str
    quantity: int  # items in this application, or pages
    already_counted: int  # by item: the applicant's items earlier in the same calendar month
    bands: tuple[FeeBand, ...]

    @property
    def amount(self) -> Decimal:
        return sum((b.amount for b in self.bands), Decimal(0))

    def working(self) -> list[str]:
        return [b.describe() for b in self.bands]

    def explain(self) -> str:
        if self.method == BY_ITEM:
            head = f"按件计收：本申请{self.quantity}件，本自然月此前已累计{self.already_counted}件"
            if self.quantity:
                last = self.already_counted + self.quantity
                span = f"{self.already_counted + 1}" + (f"—{last}" if self.quantity > 1 else "")
                head += f"，本申请计为第{span}件"
        else:
            head = f"按量计收：共{self.quantity}页"
        lines = [head, *("  " + w for w in self.working()), f"合计：{_yuan(self.amount)}", f"依据：{BASIS}"]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "method": self.method,
            "method_label": METHODS[self.method],
            "quantity": self.quantity,
            "already_counted": self.already_counted,
            "amount": str(self.amount),
            "bands": [{"first": b.first, "last": b.last, "count": b.count, "unit": b.unit,
                       "unit_price": str(b.unit_price), "amount": str(b.amount)} for b in self.bands],
            "working": self.working(),
        }


def item_unit_price(n: int) -> Decimal:
    """Price of the applicant's n-th item (件) in a calendar month (办法第四条)."""
    if n < 1:
        raise FeeError(f"件次应从1开始：{n}")
    if n <= FREE_ITEMS:
        return Decimal(0)
    if n <= 30:
        return ITEM_BASE_PRICE
    return ITEM_BASE_PRICE + ITEM_STEP * ((n - 31) // ITEM_BAND + 1)


def page_unit_price(n: int) -> Decimal:
    """Price of the n-th page (页) of one application (办法第五条)."""
    if n < 1:
        raise FeeError(f"页次应从1开始：{n}")
    for _first, last, price in PAGE_BANDS:
        if last is None or n <= last:
            return price
    raise AssertionError("unreachable")  # pragma: no cover


def _item_band_of(n: int) -> tuple[int, int]:
    if n <= FREE_ITEMS:
        return 1, FREE_ITEMS
    if n <= 30:
        return 11, 30
    k = (n - 31) // ITEM_BAND
    return 31 + k * ITEM_BAND, 30 + (k + 1) * ITEM_BAND


def _count(value, what: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FeeError(f"{what}应为整数：{value!r}")
    if value < minimum:
        raise FeeError(f"{what}不能小于{minimum}：{value}")
    return value


def fee_by_item(items: int = 1, *, already_this_month: int = 0) -> FeeQuote:
    """按件计收: the fee for ``items`` items, after ``already_this_month`` items by the same applicant
    earlier in the same calendar month (after splitting under "一事一申请" where the office did so)."""
    items = _count(items, "件数", minimum=0)
    before = _count(already_this_month, "本月已累计件数", minimum=0)
    bands, n, end = [], before + 1, before + items
    while n <= end:
        lo, hi = _item_band_of(n)
        last = min(hi, end)
        bands.append(FeeBand(n, last, item_unit_price(n), "件"))
        n = last + 1
    return FeeQuote(BY_ITEM, items, before, tuple(bands))


def fee_by_volume(pages: int) -> FeeQuote:
    """按量计收: the fee for one application of ``pages`` pages."""
    pages = _count(pages, "页数", minimum=0)
    bands = []
    for first, last, price in PAGE_BANDS:
        if pages < first:
            break
        bands.append(FeeBand(first, pages if last is None else min(last, pages), price, "页"))
    return FeeQuote(BY_VOLUME, pages, 0, tuple(bands))


def compute_fee(method: str, quantity: int, *, already_this_month: int = 0) -> FeeQuote:
    """One method per application (办法第三条): ``method`` is ``"by_item"`` or ``"by_volume"``."""
    if method == BY_ITEM:
        return fee_by_item(quantity, already_this_month=already_this_month)
    if method == BY_VOLUME:
        if already_this_month:
            raise FeeError("按量计收按每件申请的页数计算，不累计本月此前的件数")
        return fee_by_volume(quantity)
    raise FeeError(f"收费方式应为 by_item（按件计收）或 by_volume（按量计收），而不是 {method!r}")
