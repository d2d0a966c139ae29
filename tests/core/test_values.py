from decimal import Decimal

import pytest

from gongkai.report import values
from gongkai.report.model import Cell


@pytest.mark.parametrize(
    "raw, kind, value, unit",
    [
        ("3", "int", 3, None),
        ("３", "int", 3, None),
        ("\u3000\u300061", "int", 61, None),
        ("0\u00a0", "int", 0, None),
        (" 12 ", "int", 12, None),
        ("-4", "int", -4, None),
        ("1,234", "int", 1234, None),
        ("", "blank", None, None),
        ("\u00a0", "blank", None, None),
        (None, "blank", None, None),
        ("0.35", "decimal", Decimal("0.35"), None),
        ("7730.28", "decimal", Decimal("7730.28"), None),
        ("1308353元", "decimal", Decimal("1308353"), "元"),
        ("１２.５万元", "decimal", Decimal("12.5"), "万元"),
        ("—", "text", "—", None),
        ("/", "text", "/", None),
        ("无", "text", "无", None),
        ("政府服务事项招标", "text", "政府服务事项招标", None),
        ("22（其中修订 16 件）", "text", "22（其中修订 16 件）", None),
    ],
)
def test_read(raw, kind, value, unit):
    assert values.read(raw) == (kind, value, unit)


def test_plain_is_the_ground_truth_form():
    assert Cell.read("apps.total.total", "\u3000 7 ").plain == 7
    assert Cell.read("apps.total.total", "\u00a0").plain is None
    assert Cell.read("art20.procurement.amount", " 251000元 ").plain == "251000元"
    assert Cell.read("art20.fees.amount", "24252.311082").plain == "24252.311082"
    assert Cell.read("art20.procurement.amount", "—").plain == "—"


def test_cell_of_plain_values():
    assert Cell.of("apps.total.total", 5).kind == "int"
    assert Cell.of("apps.total.total", None).is_blank
    assert Cell.of("art20.fees.amount", "9116.36").number == Decimal("9116.36")
    with pytest.raises(TypeError):
        Cell.of("apps.total.total", True)
