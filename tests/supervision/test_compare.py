import json

from gongkai.cli import main
from gongkai.report import cells as C
from gongkai.report import jsonio
from gongkai.supervision.compare import compare, group_agencies, indicators

from ..core.builders import balanced


def test_place_prefix_names_are_one_agency_but_departments_are_not():
    g = group_agencies(["洪泽区人民政府", "淮安市洪泽区人民政府", "经济发展局", "长春市经济发展局", "淮安市人民政府"])
    assert g["洪泽区人民政府"] == "淮安市洪泽区人民政府"
    assert g["经济发展局"] == "经济发展局"  # a bare department is never merged
    assert g["淮安市人民政府"] == "淮安市人民政府"


def test_indicators_and_blank_totals():
    r = balanced("2021", seed=1)
    v = indicators(r, [])
    assert v["received"] == r.number("apps.new_received.total")
    denied = sum(r.number(C.app_key(k, "total")) for k in C.OUTCOME_KEYS_COMMON if k.startswith("denied."))
    assert v["denied"] == denied
    r.set("apps.granted.total", None)  # printed blank: fall back to the applicant columns
    assert indicators(r, [])["granted"] == sum(r.number(C.app_key("granted", c)) for c in C.APPLICANT_KEYS)


def test_compare_orders_years_and_checks_carry_over():
    a23 = balanced("2021", seed=2, year=2023)
    a23.agency = "洪泽区人民政府"
    a24 = balanced("2021", seed=3, year=2024)
    a24.agency = "淮安市洪泽区人民政府"
    b = balanced("2019", seed=4, year=2020)
    b.agency = "某县商务局"
    agencies = compare([("x", a24), ("y", b), ("z", a23)])
    assert [a.name for a in agencies] == ["某县商务局", "淮安市洪泽区人民政府"]
    hz = agencies[1]
    assert hz.years() == [2023, 2024]
    carry_ok = all(a24.number(C.app_key("carried_over", c)) == a23.number(C.app_key("carried_forward", c))
                   for c in C.APP_COLUMN_KEYS)
    assert any(f.code == "years.carry" for f in hz.entries[1].findings) == (not carry_ok)


def test_compare_cli_formats(tmp_path, capsys):
    for i, year in enumerate((2022, 2023)):
        r = balanced("2021", seed=10 + i, year=year)
        r.agency = "测试市测试局"
        (tmp_path / f"{year}.json").write_text(jsonio.dumps(r), encoding="utf-8")
    assert main(["compare", "--jobs", "1", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "测试市测试局（2 份报告）" in out and "公开率" in out
    assert main(["compare", "--format", "json", str(tmp_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["year"] for r in data["reports"]] == [2022, 2023]
    assert main(["compare", "--format", "csv", str(tmp_path / "2022.json")]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("\ufeff机关,报告所署机关,年度,模板,文件,本年新收")
    assert main(["compare", "--format", "csv", "--lang", "en", str(tmp_path / "2022.json")]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("\ufeffagency,printed agency,year,template,file,received")


def test_compare_reports_unreadable_files_and_goes_on(tmp_path, capsys):
    (tmp_path / "a.json").write_text(jsonio.dumps(balanced("2021", seed=1)), encoding="utf-8")
    (tmp_path / "b.json").write_text("{", encoding="utf-8")
    assert main(["compare", "--jobs", "2", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "b.json" in captured.err and "测试市测试局" in captured.out
