"""Every rule with passing and failing cases, both templates, blank and non-numeric cells."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.report import Report, check, has_errors
from gongkai.report import cells as C
from gongkai.report.checks import check_years

from .builders import balanced, sections


def codes(findings, severity=None):
    return {f.code for f in findings if severity is None or f.severity == severity}


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_balanced_report_is_clean(template):
    r = balanced(template, seed=1)
    r.sections = sections(r)
    findings = check(r)
    assert [f for f in findings if f.severity != "info"] == []


def test_mixed_2021_with_single_other_row_is_clean_but_noted():
    r = balanced("2021", seed=2, single_other=True)
    assert r.other_rows() == C.OTHER_KEYS_2019
    findings = check(r)
    assert not has_errors(findings)
    assert codes(findings, "info") == {"form.mixed_template"}


# --- rule 1: column balance ------------------------------------------------------

def test_column_balance_fails_and_names_the_column():
    r = balanced("2021", seed=3)
    r.set("apps.carried_forward.research", r.number("apps.carried_forward.research") + 1)
    r.set("apps.carried_forward.total", r.number("apps.carried_forward.total") + 1)
    findings = [f for f in check(r) if f.code == "apps.balance"]
    assert {tuple(f.keys) for f in findings} == {
        ("apps.new_received.research", "apps.carried_over.research", "apps.total.research",
         "apps.carried_forward.research"),
        ("apps.new_received.total", "apps.carried_over.total", "apps.total.total", "apps.carried_forward.total"),
    }
    assert all(f.severity == "error" for f in findings)
    assert "科研机构" in findings[0].message or "科研机构" in findings[1].message


# --- rule 2: outcome sum -----------------------------------------------------------

@pytest.mark.parametrize("template, other_row", [("2019", "other"), ("2021", "other.no_fee")])
def test_outcome_sum_counts_every_outcome_row(template, other_row):
    r = balanced(template, seed=4)
    key = C.app_key(other_row, "natural_person")
    r.set(key, r.number(key) + 2)
    r.set(C.app_key(other_row, "total"), r.number(C.app_key(other_row, "total")) + 2)
    f = [f for f in check(r) if f.code == "apps.outcomes"]
    assert len(f) == 2  # natural_person column and total column
    assert all(key in x.keys or C.app_key(other_row, "total") in x.keys for x in f)
    assert all(x.severity == "error" for x in f)


# --- rule 3: row sums --------------------------------------------------------------

def test_row_sum_fails_when_total_differs():
    r = balanced("2019", seed=5)
    r.set("apps.denied.third_party.total", r.number("apps.denied.third_party.total") + 1)
    rows = [f for f in check(r) if f.code == "apps.row"]
    assert len(rows) == 1 and "apps.denied.third_party.total" in rows[0].keys
    assert rows[0].severity == "error"


# --- rule 4: table 4 ---------------------------------------------------------------

@pytest.mark.parametrize("group", ["review", "litigation_direct", "litigation_after_review"])
def test_appeals_total(group):
    r = balanced("2021", seed=6)
    assert "appeals.total" not in codes(check(r))
    r.set(f"{group}.pending", r.number(f"{group}.pending") + 1)
    f = [x for x in check(r) if x.code == "appeals.total"]
    assert len(f) == 1 and f"{group}.pending" in f[0].keys and f"{group}.total" in f[0].keys
    assert f[0].severity == "error"


# --- rule 5: blank and non-numeric -------------------------------------------------

def test_blank_cells_warn_and_count_as_zero():
    r = balanced("2021", seed=7)
    r.set("apps.unable.unclear.commercial", 0)
    r.set("apps.unable.unclear.commercial", None)
    findings = check(r)
    blank = [f for f in findings if f.code == "cell.blank"]
    assert blank and blank[0].keys == ["apps.unable.unclear.commercial"] and blank[0].severity == "warning"
    assert not has_errors(findings)  # 0 counted: the tables still balance


def test_mismatch_involving_a_blank_is_a_warning_that_says_so():
    r = balanced("2019", seed=8)
    r.set("apps.granted.natural_person", r.number("apps.granted.natural_person") + 3)
    r.set("apps.granted.total", None)  # printed blank, as in some real reports
    rows = [f for f in check(r) if f.code == "apps.row" and "apps.granted.total" in f.keys]
    assert rows[0].severity == "warning" and "空白" in rows[0].message


def test_text_cells_are_flagged():
    r = balanced("2019", seed=9)
    r.set("apps.partial.research", "—")
    r.set("art20.procurement.amount", "政府服务事项招标")
    f = check(r)
    text = [x for x in f if x.code == "cell.text"]
    assert {x.keys[0] for x in text} == {"apps.partial.research", "art20.procurement.amount"}
    assert all("不是数字" in x.message for x in text)


def test_decimal_in_a_count_and_negative_counts_are_flagged():
    r = balanced("2021", seed=10)
    r.set("apps.granted.commercial", "1.5")
    r.set("apps.partial.commercial", -1)
    c = codes(check(r), "warning")
    assert {"cell.not_integer", "cell.negative"} <= c


def test_amounts_with_units_are_fine():
    r = balanced("2019", seed=11)
    r.set("art20.procurement.amount", "1308353元")
    assert not any(f.keys == ["art20.procurement.amount"] for f in check(r))


def test_missing_table_and_missing_cells():
    r = Report(template="2021", year=2024)
    c = codes(check(r))
    assert "table.missing" in c
    r = balanced("2021", seed=12)
    del r.cells["apps.granted.research"]
    f = [x for x in check(r) if x.code == "cell.missing"]
    assert f and f[0].keys == ["apps.granted.research"]


def test_absent_article20_rows_are_not_errors():
    r = balanced("2019", seed=13)
    for k in [k for k in r.cells if k.startswith("art20.regulations")]:
        del r.cells[k]
    assert not has_errors(check(r))


# --- rule 6: across years ----------------------------------------------------------

def test_carry_over_across_years():
    prev = balanced("2021", seed=14, year=2023)
    this = balanced("2021", seed=15, year=2024)
    for c in C.APP_COLUMN_KEYS:  # make them agree
        this.set(C.app_key("carried_over", c), prev.number(C.app_key("carried_forward", c)))
    # rebalance this year's column identity through new_received
    for c in C.APP_COLUMN_KEYS:
        this.set(C.app_key("new_received", c), this.number(C.app_key("total", c))
                 + this.number(C.app_key("carried_forward", c)) - this.number(C.app_key("carried_over", c)))
    # table 2 continuity
    for item in ("regulations", "normative_documents"):
        k = f"art20.{item}."
        this.set(k + "in_force", prev.number(k + "in_force") + this.number(k + "made") - this.number(k + "repealed"))
    assert [f for f in check_years(this, prev)] == []
    this.set("apps.carried_over.natural_person", this.number("apps.carried_over.natural_person") + 1)
    this.set("art20.regulations.in_force", this.number("art20.regulations.in_force") + 1)
    f = check_years(this, prev)
    carry = [x for x in f if x.code == "years.carry"]
    assert carry and carry[0].keys == ["apps.carried_over.natural_person"] and carry[0].severity == "error"
    assert "years.in_force" in codes(f)


def test_template_change_2019_to_2021_is_handled():
    prev = balanced("2019", seed=16, year=2020)
    this = balanced("2021", seed=17, year=2021)
    f = check_years(this, prev)
    assert "years.template_change" in codes(f, "info")
    assert "years.in_force" not in codes(f)


def test_non_consecutive_years_are_skipped():
    f = check_years(balanced("2021", year=2024), balanced("2021", year=2022))
    assert codes(f) == {"years.not_consecutive"}


# --- rule 7: narrative -------------------------------------------------------------

def test_narrative_counts_agree():
    r = balanced("2021", seed=18)
    r.sections = sections(r)
    assert "narrative.count" not in codes(check(r))


def test_narrative_counts_disagree():
    r = balanced("2021", seed=19)
    r.sections = sections(r)
    stated = r.number("apps.new_received.total") + 7
    review = r.number("review.total") + 1
    r.sections["applications"] = f"全年共收到政府信息公开申请{stated}件。本年度行政复议{review}件。"
    f = [x for x in check(r) if x.code == "narrative.count"]
    assert {x.keys[0] for x in f} == {"apps.new_received.total", "review.total"}
    assert all(x.severity == "warning" for x in f)
    assert str(stated) in f[0].message or str(stated) in f[1].message


def test_narrative_reviews_caused_by_applications_are_not_applications():
    r = balanced("2021", seed=24)
    r.sections = sections(r)
    reviews = r.number("review.total")
    r.sections["appeals"] = f"办理因政府信息公开申请引发的行政复议{reviews}起。"
    assert "narrative.count" not in codes(check(r))
    r.sections["appeals"] = f"办理因政府信息公开申请引发的行政复议{reviews + 2}起。"
    f = [x for x in check(r) if x.code == "narrative.count"]
    assert [x.keys for x in f] == [["review.total"]]


def test_narrative_litigation_sums_both_columns():
    r = balanced("2021", seed=20)
    both = r.number("litigation_direct.total") + r.number("litigation_after_review.total")
    r.sections = sections(r)
    r.sections["appeals"] = f"发生行政诉讼{both}件。"
    assert "narrative.count" not in codes(check(r))


# --- rule 8: form ------------------------------------------------------------------

def test_sections_missing():
    r = balanced("2021", seed=21)
    r.sections = sections(r)
    del r.sections["problems"]
    f = [x for x in check(r) if x.code == "form.section_missing"]
    assert len(f) == 1 and "存在的主要问题" in f[0].message


def test_a_section_printed_as_its_table_alone_is_not_missing():
    # 三 printed as table 3 with no prose: its heading was seen (""), and its table is there
    r = balanced("2021", seed=21)
    r.sections = sections(r)
    r.sections["applications"] = ""
    assert not [x for x in check(r) if x.code == "form.section_missing"]
    r.sections["problems"] = ""  # 五 has no table: empty is missing
    del r.sections["applications"]  # not printed at all: missing, table or not
    f = sorted(x.message for x in check(r) if x.code == "form.section_missing")
    assert len(f) == 2 and any("收到和处理" in m for m in f) and any("存在的主要问题" in m for m in f)


def test_published_late_and_on_time():
    r = balanced("2021", seed=22, year=2024)
    r.published = dt.date(2025, 1, 31)
    assert "form.late" not in codes(check(r))
    r.published = dt.date(2025, 2, 1)
    late = [x for x in check(r) if x.code == "form.late"]
    assert late and "2025-01-31" in late[0].message
    r.summary = True  # a government's own summary report: 31 March
    assert "form.late" not in codes(check(r))
    r.published = dt.date(2025, 4, 1)
    assert "form.late" in codes(check(r))


def test_template_must_match_year():
    assert "form.template_year" in codes(check(balanced("2019", year=2022)))
    assert "form.template_year" in codes(check(balanced("2021", year=2020)))
    assert "form.template_year" not in codes(check(balanced("2021", year=2021)))


def test_findings_sorted_errors_first_and_bilingual():
    r = balanced("2021", seed=23)
    r.set("review.total", r.number("review.total") + 1)
    r.set("apps.granted.research", None)
    f = check(r)
    assert f[0].severity == "error"
    assert all(x.message and x.message_en for x in f)
    assert f[0].to_json("en")["message"] == f[0].message_en


# --- properties ----------------------------------------------------------------------

TABLE_KEYS_2021 = [k for k in C.template("2021").keys() if not k.startswith("art20")]


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10**6), template=st.sampled_from(["2019", "2021"]))
def test_property_balanced_reports_pass(seed, template):
    assert not has_errors(check(balanced(template, seed=seed)))


def expected_rules(key: str) -> set[str]:
    if not key.startswith("apps."):
        return {"appeals.total"}
    row, col = C.split_app_key(key)
    rules = {"apps.row"}
    if row in C.ALL_OUTCOME_KEYS or row == "total":
        rules.add("apps.outcomes")
    if row in ("new_received", "carried_over", "total", "carried_forward"):
        rules.add("apps.balance")
    return rules


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 10**6), template=st.sampled_from(["2019", "2021"]),
       pick=st.integers(0, 10**6), delta=st.integers(1, 50) | st.integers(-50, -1))
def test_property_one_changed_cell_fires_the_right_rules_naming_it(seed, template, pick, delta):
    r = balanced(template, seed=seed)
    keys = [k for k in r.tmpl.keys() if not k.startswith("art20")]
    key = keys[pick % len(keys)]
    new = r.number(key) + delta
    if new < 0:
        new = r.number(key) + abs(delta)
    r.set(key, new)
    errors = [f for f in check(r) if f.severity == "error"]
    fired = {f.code for f in errors if key in f.keys}
    assert fired == expected_rules(key)
    # and nothing unrelated to the changed cell is called an error
    assert all(key in f.keys for f in errors)
