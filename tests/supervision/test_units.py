"""Units CSV and matching a report's agency name to its unit."""

import pytest

from gongkai.errors import GongkaiError
from gongkai.supervision.units import Matcher, read_units_csv, without_place

CSV = """name,level,parent,aliases
淮安市人民政府,prefecture,,
淮安市人民政府办公室,department,淮安市人民政府,市政府办公室|淮安市政府办
洪泽区人民政府,county,淮安市人民政府,
洪泽区教育局,department,洪泽区人民政府,
盱眙县教育局,department,盱眙县人民政府,
盱眙县人民政府,county,淮安市人民政府,
高良涧街道办事处,township,洪泽区人民政府,
"""


def test_csv_reads_levels_parents_and_aliases_in_any_order():
    rows = read_units_csv("units.csv", CSV)
    assert [r.name for r in rows][:3] == ["淮安市人民政府", "淮安市人民政府办公室", "洪泽区人民政府"]
    office = rows[1]
    assert (office.level, office.parent) == ("department", "淮安市人民政府")
    assert office.aliases == ["市政府办公室", "淮安市政府办"]
    assert rows[4].parent == "盱眙县人民政府"  # the parent comes on a later line
    assert rows[4].line == 6


@pytest.mark.parametrize("text, says", [
    ("a,city,,\n", "第 1 行层级“city”无效"),
    ("甲县人民政府,county,,\n甲县教育局,department,乙县人民政府\n", "第 2 行的上级“乙县人民政府”不在名单中"),
    ("甲市人民政府,prefecture,,\n甲镇人民政府,township,甲市人民政府\n",
     "乡镇单位“甲镇人民政府”不能在地市级单位“甲市人民政府”之下"),
    ("甲县教育局,department,,\n", "部门单位“甲县教育局”不能没有上级"),
    ("甲县人民政府,county,,\n甲县 人民政府,county,,\n", "第 2 行单位“甲县 人民政府”与第 1 行重复"),
    ("甲县人民政府\n", "第 1 行应为“名称,层级,上级[,别名]”，实为 1 列"),
])
def test_csv_errors_name_the_file_and_line(text, says):
    with pytest.raises(GongkaiError) as e:
        read_units_csv("units.csv", text)
    assert says in str(e.value)
    assert "units.csv" in str(e.value)


def test_gbk_file(tmp_path):
    p = tmp_path / "u.csv"
    p.write_bytes("甲县人民政府,county,,\n".encode("gbk"))
    assert read_units_csv(p)[0].name == "甲县人民政府"


def test_without_place_keeps_only_forms_that_begin_with_a_place():
    assert without_place("江苏省淮安市洪泽区人民政府") == ["淮安市洪泽区人民政府", "洪泽区人民政府"]
    assert without_place("洪泽区人民政府") == []  # never a bare 人民政府
    assert without_place("淮安市教育局") == []  # never a bare 教育局


def test_matching_by_name_alias_place_and_ambiguity():
    rows = read_units_csv("u.csv", CSV)
    m = Matcher((r.name, r.aliases) for r in rows)
    assert (m.match("洪泽区人民政府").unit, m.match("洪泽区人民政府").how) == ("洪泽区人民政府", "name")
    assert m.match(" 洪泽区 人民政府 ").unit == "洪泽区人民政府"  # spaces do not count
    assert (m.match("淮安市政府办").unit, m.match("淮安市政府办").how) == ("淮安市人民政府办公室", "alias")
    # with the leading place name (the unit is listed without it) …
    hit = m.match("江苏省淮安市洪泽区人民政府")
    assert (hit.unit, hit.how) == ("洪泽区人民政府", "place")
    assert m.match("淮安市洪泽区教育局").unit == "洪泽区教育局"
    # … and without it (the unit is listed with it)
    m2 = Matcher([("淮安市洪泽区人民政府", []), ("淮安市清河区人民政府", [])])
    assert m2.match("洪泽区人民政府").unit == "淮安市洪泽区人民政府"
    # a bare department name matches nothing, and two units sharing a short name are not guessed
    assert m.match("教育局").unit is None
    m3 = Matcher([("甲市洪泽区人民政府", []), ("乙市洪泽区人民政府", [])])
    amb = m3.match("洪泽区人民政府")
    assert (amb.unit, amb.how, amb.candidates) == (None, "ambiguous", ["乙市洪泽区人民政府", "甲市洪泽区人民政府"])
    assert m.match("南京市玄武区人民政府").how == "none"
    assert m.match(None).how == "none"
