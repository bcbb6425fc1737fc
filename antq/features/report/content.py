"""The content of the periodic report (báo cáo sơ kết, tổng kết), built without Streamlit or Word: the
questions of a view (named queries and their parameters), then the heading, parts I–III as sentences
generated from the answers, the key table by locality, and the list of (sentence id, query, parameters)
that the appendix «Nguồn số liệu» prints. antq/features/report/document.py writes it into the template.

Comparisons with the same period a year earlier use the overview's rule (compstat.count_change: a change
within 2·√(a + b) is «tương đương», fewer than metrics.SMALL units are not turned into a percentage).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import pandas as pd

from antq import fmt
from antq.data.questions import Ask
from antq.features.overview import compstat
from antq.features.overview import metrics as cm
from antq.i18n import t
from antq.view.model import View, period_start_of

# the model types the report names one by one (the published reports name these)
MAJOR_TYPES = ("tu_quan_antt", "camera_an_ninh", "van_dong_ttatgt", "clb_pctp")
CITIES = {"2024": {"01", "31", "48", "79", "92"}, "2025": {"01", "31", "46", "48", "79", "92"}}
LIST_MAX = 8     # localities named in one sentence of part II before «và n địa phương khác»
LAGGARDS = 5


class Incomplete(ValueError):
    """The period reaches outside the snapshot's data: the report would understate it (message in Vietnamese)."""


@dataclass
class Sentence:
    id: str
    text: str
    asks: tuple[str, ...]  # the names of the questions its figures come from


@dataclass
class Item:
    title: str
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Report:
    heading: dict[str, str]
    intro: str
    results: list[Item]
    limits: list[Item]
    plans: list[str]
    table: pd.DataFrame
    sources: list[tuple[str, str, str]]  # (sentence id, query, parameters in words)
    rule: str
    lang: str = "vi"

    def sentences(self) -> list[Sentence]:
        return [s for item in (*self.results, *self.limits) for s in item.sentences]

    def text(self) -> str:
        return "\n".join([*self.heading.values(), self.intro, *(s.text for s in self.sentences())])


def check_complete(v: View) -> None:
    """Raise Incomplete when the period ends after the data date or starts before the snapshot's data."""
    start, end = period_start_of(v.snapshot), v.data_date
    if v.date_to > end or v.date_from < start:
        raise Incomplete(t("report_incomplete", "vi", a=fmt.date(v.date_from), b=fmt.date(v.date_to),
                           snap=v.snapshot.id, s=fmt.date(start), d=fmt.date(end)))


def compares(v: View) -> bool:
    # a multi-year period shifted by one year overlaps itself: its "same period" says nothing
    return v.has_last_year() and (v.date_to - v.date_from).days <= 366


def questions(v: View) -> dict[str, Ask]:
    """Every question of the report; stock figures (models, coverage) at the period's end."""
    base = v.params(model_types=[], as_of=v.date_to, safety_year=v.safety_year)
    asks = {name: Ask(name, base) for name in ("activities_totals", "tip_funnel", "models_implemented",
                                                "models_effective", "festival_year_summary")}
    asks["covered_all"] = Ask("model_communes_covered", base)
    asks |= {f"covered_{m}": Ask("model_communes_covered", {**base, "model_types": [m]}) for m in MAJOR_TYPES}
    asks["types"] = Ask("models_types", {"snapshot_dir": v.snapshot.path})
    asks |= {f"{d}_by_area": Ask(f"overview_{d}_by_area", base) for d in ("activities", "tips", "models", "festival")}
    if compares(v):
        ly_from, ly_to = v.last_year()
        ly = {**base, "date_from": ly_from, "date_to": ly_to, "as_of": ly_to, "safety_year": v.safety_year - 1}
        asks |= {f"{name}_ly": Ask(name, ly) for name in ("activities_totals", "tip_funnel", "models_implemented",
                                                         "festival_year_summary")}
        asks["tips_by_area_ly"] = Ask("overview_tips_by_area", ly)
    return asks


# ---------------------------------------------------------------- words

def period_words(d_from: dt.date, d_to: dt.date, lang: str = "vi") -> str:
    """«năm 2018», «6 tháng đầu năm 2018», «quý I năm 2018», «tháng 3 năm 2018» or «từ ngày … đến ngày …»."""
    y, whole_months = d_from.year, d_from.day == 1 and (d_to + dt.timedelta(days=1)).day == 1
    months = (d_to.year - y) * 12 + d_to.month - d_from.month + 1
    if whole_months and d_to.year == y:
        if months == 12:
            return t("report_period_year", lang, y=y)
        if months == 6 and d_from.month == 1:
            return t("report_period_half", lang, y=y)
        if months == 3 and d_from.month % 3 == 1:
            return t("report_period_quarter", lang, q=("I", "II", "III", "IV")[d_from.month // 3], y=y)
        if months == 1:
            return t("report_period_month", lang, m=d_from.month, y=y)
    return t("report_period_range", lang, a=fmt.date(d_from, lang), b=fmt.date(d_to, lang))


def heading(v: View, today: dt.date) -> dict[str, str]:
    L = v.lang
    if v.province:
        key = "report_unit_city" if v.province in CITIES.get(v.map, ()) else "report_unit_province"
        unit, number, place = t(key, L, name=v.province_name.upper()), t("report_number_province", L), v.province_name
        words = t(key + "_words", L, name=v.province_name)
        scope = t("report_scope_province", L, name=v.province_name)
    else:
        unit, number, place = t("report_unit_national", L), t("report_number_national", L), "Hà Nội"
        words = t("report_unit_national_words", L)
        scope = t("report_scope_national", L)
    period = period_words(v.date_from, v.date_to, L)
    return {"ministry": t("report_ministry", L), "unit": unit, "country": t("report_country", L),
            "motto": t("report_motto", L), "number": number,
            "place_date": t("report_place_date", L, place=place, d=f"{today.day:02d}", m=f"{today.month:02d}", y=today.year),
            "title": t("report_title", L), "subject": t("report_subject", L, period=period, scope=scope),
            "period": period, "scope": scope, "unit_words": words}


def n(x, lang: str = "vi") -> str:
    return fmt.number(x, 0, lang)


def _one(df: pd.DataFrame | None, col: str) -> float | None:
    if df is None or df.empty or col not in df.columns or pd.isna(df[col].iloc[0]):
        return None
    return float(df[col].iloc[0])


def _total(df: pd.DataFrame | None, col: str) -> float | None:
    return None if df is None or df.empty else float(df[col].fillna(0).sum())


def cmp_words(now, before, lang: str = "vi") -> str:
    """The comparison clause of a count against the same period last year ('' without a base)."""
    if before is None or now is None:
        return ""
    ch = compstat.count_change(now, before, min_count=cm.SMALL)
    if ch.mark == "small" or ch.pct is None:
        return t("report_cmp_small", lang, before=n(before, lang))
    if ch.mark == "noise" or ch.diff == 0:
        return t("report_cmp_same", lang, before=n(before, lang))
    return t("report_cmp_up" if ch.diff > 0 else "report_cmp_down", lang,
             pct=fmt.percent(abs(ch.pct), 1, lang), diff=n(abs(ch.diff), lang))


def params_words(params: dict) -> str:
    shown = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in params.items()
             if k not in ("snapshot_dir", "safety_year")}
    return json.dumps(shown, ensure_ascii=False)


# ---------------------------------------------------------------- the parts

def results(v: View, a) -> list[Item]:
    L, D = v.lang, fmt.date(v.date_to, v.lang)
    ly = (lambda name, col: _one(a.get(f"{name}_ly"), col)) if compares(v) else (lambda name, col: None)
    act = a["activities_totals"]
    prop = Item(t("report_item_propaganda", L), [
        Sentence("I.1.a", t("report_s_propaganda", L, sessions=n(_one(act, "propaganda_sessions"), L),
                            participants=n(_one(act, "propaganda_participants"), L),
                            cmp=cmp_words(_one(act, "propaganda_sessions"), ly("activities_totals", "propaganda_sessions"), L)),
                 ("activities_totals", "activities_totals_ly") if compares(v) else ("activities_totals",)),
        Sentence("I.1.b", t("report_s_commitments", L, families=n(_one(act, "families_committed"), L),
                            students=n(_one(act, "students_committed"), L)), ("activities_totals",))])
    impl, eff, cov = a["models_implemented"], a["models_effective"], a["covered_all"]
    names = a["types"].set_index("model_type")["name_en" if L == "en" else "name_vi"].to_dict()
    total = _one(cov, "communes_total")
    models = Item(t("report_item_models", L), [
        Sentence("I.2.a", t("report_s_implemented", L, n=n(_one(impl, "models_implemented"), L), d=D,
                            eff=n(_one(eff, "models_effective"), L),
                            cmp=cmp_words(_one(impl, "models_implemented"), ly("models_implemented", "models_implemented"), L)),
                 ("models_implemented", "models_effective") + (("models_implemented_ly",) if compares(v) else ())),
        Sentence("I.2.b", t("report_s_covered_all", L, d=D, covered=n(_one(cov, "communes_covered"), L), total=n(total, L),
                            share=fmt.percent((_one(cov, "communes_covered") or 0) / total, 1, L) if total else "–"),
                 ("covered_all",))])
    for i, m in enumerate(MAJOR_TYPES):
        models.sentences.append(Sentence(f"I.2.{chr(ord('c') + i)}", t("report_s_covered_type", L, name=names.get(m, m),
                                         n=n(_one(a[f"covered_{m}"], "communes_covered"), L)), (f"covered_{m}",)))
    f = a["tip_funnel"]
    tip_src = ("tip_funnel", "tip_funnel_ly") if compares(v) else ("tip_funnel",)
    tips = Item(t("report_item_tipoffs", L), [
        Sentence("I.3.a", t("report_s_tips", L, tips=n(_one(f, "tips"), L), valuable=n(_one(f, "valuable_tips"), L),
                            cmp=cmp_words(_one(f, "valuable_tips"), ly("tip_funnel", "valuable_tips"), L)), tip_src),
        Sentence("I.3.b", t("report_s_solved", L, cases=n(_one(f, "cases_solved"), L), arrests=n(_one(f, "arrests"), L),
                            guns=n(_one(f, "guns"), L), weapons=n(_one(f, "primitive_weapons"), L),
                            cmp=cmp_words(_one(f, "cases_solved"), ly("tip_funnel", "cases_solved"), L)), tip_src)])
    if _one(f, "median_days_to_solve") is not None:
        tips.sentences.append(Sentence("I.3.c", t("report_s_days", L, days=fmt.number(_one(f, "median_days_to_solve"), 0, L)),
                                       ("tip_funnel",)))
    fy = a["festival_year_summary"]
    fy_ly = a.get("festival_year_summary_ly") if compares(v) else None
    fest = Item(t("report_item_festival", L))
    if _total(fy, "sites"):
        fest.sentences += [
            Sentence("I.4.a", t("report_s_festival", L, sites=n(_total(fy, "sites"), L), showcase=n(_total(fy, "showcase_sites"), L),
                                participants=n(_total(fy, "participants"), L),
                                cmp=cmp_words(_total(fy, "sites"), _total(fy_ly, "sites"), L)),
                     ("festival_year_summary", "festival_year_summary_ly") if compares(v) else ("festival_year_summary",)),
            Sentence("I.4.b", t("report_s_leaders", L, **{k: n(_total(fy, c), L) for k, c in (
                ("politburo", "leaders_politburo"), ("secretariat", "leaders_secretariat"), ("cc", "leaders_cc_central"),
                ("ccp", "leaders_cc_provincial_secretary"), ("prov", "leaders_province_standing"),
                ("dist", "leaders_district_standing"))}), ("festival_year_summary",))]
    else:
        fest.sentences.append(Sentence("I.4.a", t("report_s_none", L), ("festival_year_summary",)))
    return [prop, models, tips, fest]


def area_table(v: View, a) -> pd.DataFrame:
    """The key table of the period by locality (the overview's per-area table), with a total row."""
    L = v.lang
    area = cm.area_table(a["models_by_area"], a["tips_by_area"], a["festival_by_area"], a["activities_by_area"])
    cols = {"propaganda_sessions": "report_col_sessions", "communes_covered": "report_col_covered",
            "valuable_tips": "report_col_valuable", "tips_with_solved_case": "report_col_solved",
            "festival_sites": "report_col_festival"}
    out = area[["area_name", *cols]].rename(columns={"area_name": t(f"report_col_area_{v.level}", L),
                                                      **{c: t(k, L) for c, k in cols.items()}})
    total = out.iloc[:, 1:].sum(min_count=1)
    out.loc[len(out)] = [t("report_col_total", L), *total]
    return out


def _names(items: list[str], lang: str) -> str:
    shown = ", ".join(items[:LIST_MAX])
    return shown + (f" {t('report_more', lang, n=len(items) - LIST_MAX)}" if len(items) > LIST_MAX else "")


def limits(v: View, a) -> list[Item]:
    L = v.lang
    area = cm.area_table(a["models_by_area"], a["tips_by_area"], a["festival_by_area"], a["activities_by_area"])
    months = cm.months_between(v.date_from, v.date_to)
    rep = cm.reporting(area, months)
    if rep["none"] or rep["partial"]:
        text = t("report_l_unreported", L, complete=n(rep["complete"], L), total=n(rep["total"], L), months=months,
                 none=_names(rep["none"], L) or "–",
                 partial=_names([f"{name} ({k}/{months})" for name, k in rep["partial"]], L) or "–")
    else:
        text = t("report_l_unreported_none", L, complete=n(rep["complete"], L), total=n(rep["total"], L))
    unreported = Item(t("report_item_unreported", L), [Sentence("II.1", text, ("activities_by_area",))])
    if compares(v):
        before = a["tips_by_area_ly"].set_index("area_code")["valuable_tips"]
        falls = []
        for r in area.itertuples():
            b = before.get(r.area_code)
            if pd.isna(r.valuable_tips) or b is None or pd.isna(b):
                continue
            ch = compstat.count_change(r.valuable_tips, b, min_count=cm.SMALL)
            if ch.mark is None and ch.diff < 0:
                falls.append((ch.pct, f"{r.area_name} {n(r.valuable_tips, L)}/{n(b, L)} ({fmt.signed_percent(ch.pct, 1, L)})"))
        falls = [w for _, w in sorted(falls)]
        text = t("report_l_drops", L, items=_names(falls, L)) if falls else t("report_l_drops_none", L)
        drops = Item(t("report_item_drops", L), [Sentence("II.2", text, ("tips_by_area", "tips_by_area_ly"))])
    else:
        drops = Item(t("report_item_drops", L), [Sentence("II.2", t("report_l_drops_nobase", L), ())])
    if v.province:  # a commune is covered or not: name those without any active model
        bare = area[area["communes_covered"].fillna(0) == 0].sort_values("area_name", key=lambda s: s.map(fmt.sort_key))
        text = (t("report_l_no_model", L, n=n(len(bare), L), total=n(len(area), L), items=_names(list(bare["area_name"]), L))
                if len(bare) else t("report_l_no_model_none", L, total=n(len(area), L)))
    else:
        share = area["communes_covered"].fillna(0) / area["communes_total"]
        low = area.assign(share=share).sort_values("share").head(LAGGARDS)
        text = t("report_l_laggards", L, items="; ".join(
            f"{r.area_name} {n(r.communes_covered or 0, L)}/{n(r.communes_total, L)} ({fmt.percent(r.share, 1, L)})"
            for r in low.itertuples()))
    laggards = Item(t("report_item_laggards", L), [Sentence("II.3", text, ("models_by_area",))])
    return [unreported, drops, laggards]


def build(v: View, answers, today: dt.date | None = None) -> Report:
    """The report of a view from the answers of `questions(v)`."""
    L = v.lang
    head = heading(v, today or dt.date.today())
    res, lim = results(v, answers), limits(v, answers)
    asks = questions(v)
    sources = [(s.id, asks[name].query, params_words(asks[name].params))
               for item in (*res, *lim) for s in item.sentences for name in s.asks]
    intro = t("report_intro", L, unit=head["unit_words"],
              period=head["period"], scope=head["scope"], d=fmt.date(v.data_date, L))
    return Report(heading=head, intro=intro, results=res, limits=lim,
                  plans=[t(f"report_plan_{i}", L) for i in (1, 2, 3)], table=area_table(v, answers), sources=sources,
                  rule=t("report_cmp_rule", L, n=cm.SMALL), lang=L)
