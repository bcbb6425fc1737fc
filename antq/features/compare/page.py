"""So sánh địa phương: a provincial director's province beside up to five others or a peer group,
every figure normalised (per commune or per 1,000 residents) with the national level and the rank,
trends on shared axes, and the communes of one province compared the same way."""
import streamlit as st

from antq import fmt
from antq.data.questions import answer
from antq.features.compare import chart as vc
from antq.features.compare import sections
from antq.features.compare import state as cs
from antq.features.overview import comparison as cmp
from antq.features.overview import figures as co
from antq.features.overview import metrics as cm
from antq.i18n import t
from antq.view import ui
from antq.view.model import period_start_of

v = ui.view()
L, S = v.lang, st.session_state
start = period_start_of(v.snapshot)
national = answer(vc.questions(v), only=vc.NATIONAL)  # needs no control: asked as the page opens


def carry(code):
    return vc.carry(v, code)


prov = national["provinces"]
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
c3.radio(t("compare_basis", L), cm.BASES, key="compare_basis", format_func=lambda b: t(f"compare_basis_{b}", L))
chosen, basis = list(st.session_state[cs.KEY_PROVINCES]), st.session_state["compare_basis"]
st.caption(t("compare_peer_note", L, n=cmp.MAX_OTHERS))
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


def later_answers(metric, inside):
    """The trend of a figure and the communes of the province shown, asked once the controls are known."""
    asks = vc.questions(v, metric, inside)
    return answer(asks, only=vc.later(asks))


_, first_inside = sections.inside_choice(v, chosen, names)
first = (S["compare_metric"], first_inside, later_answers(S["compare_metric"], first_inside))
table = vc.area_table(national, population=prov.rename(columns={"province_code": "area_code"}))


@st.fragment
def figure_section():
    """One figure on the map (click to add or drop a province), its trend on shared axes, the communes."""
    if list(st.session_state.get(cs.KEY_PROVINCES) or []) != chosen:  # a click on the map changed the choice:
        st.rerun(scope="app")                                           # the whole page follows
    metric = st.selectbox(t("compare_metric", L), list(cm.METRICS), key="compare_metric",
                          format_func=lambda k: cm.metric_label(k, basis, L))
    answers = first[2] if (metric, sections.inside_choice(v, chosen, names)[1]) == first[:2] else later_answers(metric, sections.inside_choice(v, chosen, names)[1])
    label, m = cm.metric_label(metric, basis, L), cm.METRICS[metric]
    left, right = ui.beside(2, key="compare_map")
    with left:
        ui.show(vc.map_chart(v, table, chosen, basis, metric, names), key=cs.KEY_MAP, v=v, select=cs.on_map_select)
        st.caption(f"{t('islands_note', L)} {t('compare_map_title', L)}")
    with right:
        shown, query_from = cmp.trend_window(v.date_from, v.date_to, start)
        series = cmp.trailing_series(vc.trend(answers, metric), metric, basis, prov, shown_from=shown, query_from=query_from,
                                    date_to=v.date_to, codes=chosen)
        series["area"] = series["area_code"].map(names).fillna(whole)
        ui.chart(co.trend_figure(series, chosen, names, whole, label=label, share=m.share, lang=L,
                                 title=t("compare_trend", L, label=label)), key="compare_trend",
                 title=t("compare_trend", L, label=label), data=series, v=v, filters=chosen_words)
        st.caption(t("compare_trend_note_stock" if m.stock else "compare_trend_note_flow", L)
                   + (" " + t("compare_trend_note_censored", L) if metric == "solved_share" else ""))
    with inside_box:
        inside = sections.inside(v, answers, metric, basis, chosen, names)
    # a rerun of this fragment alone does not reach dashboard.py's URL sync: its own parameters go now
    for name, value in (("metric", metric), ("inside", inside)):
        if value:
            st.query_params[name] = value
        else:
            st.query_params.pop(name, None)
    return metric, inside


with map_box:
    metric, inside = figure_section()

with side_box:
    sections.side_by_side(v, table, prov, chosen, basis, chosen_words)

ui.page_url_state({"provinces": cs.url_codes(chosen), "peer": st.session_state[cs.KEY_PEER] or None,
                   "norm": basis, "metric": metric, "inside": inside})
