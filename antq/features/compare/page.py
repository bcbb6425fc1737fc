"""So sánh địa phương: a provincial director's province beside up to five others or a peer group,
every figure normalised (per commune or per 1,000 residents) with the national level and the rank,
trends on shared axes, and the communes of one province compared the same way."""
import datetime as dt

import streamlit as st

from antq.data import db

from antq import fmt

from antq.view import prefetch, ui
from antq.features.overview import figures as co
from antq.features.compare import state as cs
from antq.features.compare import chart as vc
from antq.i18n import t

v = ui.view()
L = v.lang
start = dt.date.fromisoformat(v.snapshot.manifest.get("period", {}).get("from", "2013-01-01"))
year = co.safety_year_for(v.date_to)
AREA_QUERIES = vc.AREA_QUERIES
TREND_QUERY = {d: f"compare_{d}_by_province_month" for d in ("models", "tips", "festival", "activities")}


def q(name, **kw):
    return vc.query(v, name, **kw)


def carry(code):
    return vc.carry(v, code)


# the two heaviest national figures start at once on two workers (antq/view/prefetch.py): they need no control
prefetch.warm([lambda n=n: q(n, province=None) for n in ("overview_activities_by_area", "overview_festival_by_area")])
prov = vc.provinces(v)
names = dict(zip(prov["province_code"], prov["province_name"]))
whole = t("whole_country", L)
# the URL rules are antq/features/compare/chart.py's, which the command-line export reads links with
for key, name in ((cs.KEY_PROVINCES, "provinces"), (cs.KEY_PEER, "peer"), ("compare_basis", "norm"),
                  ("compare_metric", "metric")):
    parse, default = vc.PARAMS[name]
    ui.url_control(key, name, parse, ([v.province] if v.province else []) if name == "provinces" else default)
ui.header("page_compare", v)  # after the URL controls are seeded, so a bad value's notice shows at once
dropped = cs.settle(set(names), carry, prov)
if dropped:
    st.warning(t("compare_dropped", L, codes=", ".join(dropped)))

c1, c2, c3 = st.columns([3, 1.2, 1.2])
c1.multiselect(t("compare_provinces", L), sorted(names, key=lambda c: fmt.sort_key(names[c])), key=cs.KEY_PROVINCES,
               max_selections=cs.MAX_CHOSEN, format_func=names.get, on_change=cs.on_pick,
               placeholder=t("compare_pick_prompt", L))
c2.radio(t("compare_peer", L), cs.PEERS, key=cs.KEY_PEER, format_func=lambda m: t(f"compare_peer_{m}", L))
c3.radio(t("compare_basis", L), co.BASES, key="compare_basis", format_func=lambda b: t(f"compare_basis_{b}", L))
chosen, basis = list(st.session_state[cs.KEY_PROVINCES]), st.session_state["compare_basis"]
st.caption(t("compare_peer_note", L, n=co.MAX_OTHERS))
if st.session_state.pop(cs.KEY_FULL, False):
    st.warning(t("compare_full", L))

# The map of one figure is drawn first (the first thing a leader looks at), then the side-by-side table and
# the index chart; the communes of one province last. The figure's selector, the map, the trend and the
# communes (compared on that figure) are one fragment: picking another figure reruns them only.
chosen_words = [f"{t('export_chosen', L)}: {', '.join(names[c] for c in chosen)}" if chosen else "",
                t(f"compare_basis_{basis}", L)]
map_box, side_box, inside_box = st.container(), st.container(), st.container()
with inside_box:
    st.subheader(t("compare_inside", L))  # written in the full run: the fragment below then fills this box


def inside_choice():
    """The provinces whose communes can be shown (the chosen ones, else the scope) and the one shown."""
    opts = chosen or ([v.province] if v.province else [])
    own = db.commune_scope(v.snapshot_dir)  # a provincial director: communes of their own province only
    if own is not None:
        opts = [p for p in opts if p in own.provinces[v.map]] or sorted(own.provinces[v.map])
    if not opts:
        return opts, None
    ui.url_control("compare_inside", "inside", lambda x: x if x in names else None, opts[0])
    if st.session_state["compare_inside"] not in opts:
        st.session_state["compare_inside"] = opts[0]
    return opts, st.session_state["compare_inside"]


def trend_queries(metric):
    query_from = co.trend_window(v.date_from, v.date_to, start)[1]
    return [(name, {"from": query_from}) for name in (TREND_QUERY[co.METRICS[metric].domain], *co.TREND_EXTRA.get(metric, ()))]


# The page's other questions asked next on two more workers, without waiting: the trend and the communes'
# questions are answered while the page asks the lighter national figures itself and builds its table.
_, first_inside = inside_choice()
prefetch.warm([lambda n=n, kw=kw: q(n, **kw) for n, kw in trend_queries(st.session_state["compare_metric"])]
              + ([lambda n=n: q(n, province=first_inside) for n in (*AREA_QUERIES, "compare_commune_population")]
                 if first_inside else []))
table = vc.area_table(v, prov)  # every figure by province: the map, the side-by-side table, the index chart


def inside_section(metric):
    """Inside one province: its communes compared on the figure of the map. Returns the province shown."""
    inside_opts, _ = inside_choice()
    if not inside_opts:
        st.info(t("compare_pick_prompt", L))
        return None
    inside = st.selectbox(t("compare_inside_pick", L), inside_opts, key="compare_inside", format_func=names.get)
    try:
        cpop = q("compare_commune_population", province=inside)
    except db.QueryError:
        cpop = None
    ctable = co.area_table(*[q(name, province=inside) for name in AREA_QUERIES], population=cpop)
    cbasis = basis if cpop is not None and ctable["population"].notna().any() else "commune"
    ckey = "active_sites" if metric == "coverage" else metric
    grid = co.commune_grid(ctable, ckey, cbasis, L, whole_label=names[inside])
    st.caption(t("compare_inside_note", L, n=len(ctable), name=names[inside], label=co.metric_label(ckey, cbasis, L),
                 lvl=co.format_value(ckey, co.overall(ctable, ckey, cbasis), L), k=co.SMALL))
    st.dataframe(grid, hide_index=True, width="stretch", key="compare_communes")
    if co.merged_communes_apart(v.map, inside, v.date_to):
        st.caption(t("overview_old_map_note", L))
    ui.download(t("compare_download", L), lambda: co.long_table(ctable, cbasis).to_csv(index=False).encode("utf-8-sig"),
                file_name=f"so-sanh-xa-{inside}-{v.date_from}-{v.date_to}.csv", mime="text/csv",
                key="compare_communes_csv")
    return inside


@st.fragment
def figure_section():
    """One figure on the map (click to add or drop a province), its trend on shared axes, the communes."""
    if list(st.session_state.get(cs.KEY_PROVINCES) or []) != chosen:  # a click on the map changed the choice:
        st.rerun(scope="app")                                           # the whole page follows
    metric = st.selectbox(t("compare_metric", L), list(co.METRICS), key="compare_metric",
                          format_func=lambda k: co.metric_label(k, basis, L))
    label, m = co.metric_label(metric, basis, L), co.METRICS[metric]
    left, right = st.columns(2)
    with left:
        ui.show(vc.map_chart(v, table, chosen, basis, metric, names), key=cs.KEY_MAP, v=v, select=cs.on_map_select)
        st.caption(f"{t('islands_note', L)} {t('compare_map_title', L)}")
    with right:
        shown, query_from = co.trend_window(v.date_from, v.date_to, start)
        (first, kw), *extras = trend_queries(metric)
        monthly = q(first, **kw)
        for extra, kw in extras:
            monthly = monthly.merge(q(extra, **kw), on=["province_code", "month"], how="left")
        series = co.trailing_series(monthly, metric, basis, prov, shown_from=shown, query_from=query_from,
                                    date_to=v.date_to, codes=chosen)
        series["area"] = series["area_code"].map(names).fillna(whole)
        ui.chart(co.trend_figure(series, chosen, names, whole, label=label, share=m.share, lang=L,
                                 title=t("compare_trend", L, label=label)), key="compare_trend",
                 title=t("compare_trend", L, label=label), data=series, v=v, filters=chosen_words)
        st.caption(t("compare_trend_note_stock" if m.stock else "compare_trend_note_flow", L)
                   + (" " + t("compare_trend_note_censored", L) if metric == "solved_share" else ""))
    with inside_box:
        inside = inside_section(metric)
    # a rerun of this fragment alone does not reach dashboard.py's URL sync: its own parameters go now
    for name, value in (("metric", metric), ("inside", inside)):
        if value:
            st.query_params[name] = value
        else:
            st.query_params.pop(name, None)
    return metric, inside


with map_box:
    metric, inside = figure_section()

# ---- every figure side by side, with the national level and the rank
with side_box:
    st.subheader(t("compare_side_by_side", L))
    st.dataframe(co.compare_table(table, chosen, basis, L), hide_index=True, width="stretch", key="compare_table")
    st.caption(t("compare_table_note", L, n=len(table), k=co.SMALL, d=fmt.date(v.date_to, L), p=ui.period_words(v)) + " "
               + t("overview_population_basis", L, basis="; ".join(sorted(prov["population_basis"].dropna().unique()))))
    ui.download(t("compare_download", L), lambda: co.long_table(table, basis).to_csv(index=False).encode("utf-8-sig"),
                file_name=f"so-sanh-{v.map}-{v.date_from}-{v.date_to}.csv", mime="text/csv", key="compare_csv")
    ui.chart(co.index_chart(table, chosen, basis, L, title=t("compare_index_title", L)), key="compare_index",
             title=t("compare_index_title", L), data=lambda: co.long_table(table, basis), v=v, filters=chosen_words)

ui.page_url_state({"provinces": cs.url_codes(chosen), "peer": st.session_state[cs.KEY_PEER] or None,
                   "norm": basis, "metric": metric, "inside": inside})
