"""The compare page's state: URL values parsed defensively, the map click toggling a province in a
real Streamlit session, and the choice carried across maps and rebuilt as a peer group."""
import pandas as pd
from streamlit.testing.v1 import AppTest

from antq.features.compare import state as cs
def test_url_values_are_parsed_defensively():
    assert cs.parse_codes("01,79,48") == ["01", "79", "48"]
    assert cs.parse_codes("01,01, 79,zz,1,123,'; DROP") == ["01", "79"]
    assert cs.parse_codes("01,02,04,06,08,10,11") == ["01", "02", "04", "06", "08", "10"]  # at most six
    assert cs.parse_codes("zz") is None and cs.parse_codes("") is None
    assert cs.parse_peer("region") == "region" and cs.parse_peer("population") == "population"
    assert cs.parse_peer("x") is None
    assert cs.url_codes(["01", "79"]) == "01,79" and cs.url_codes([]) is None


def test_toggle_and_clicked_codes():
    assert cs.toggle(["01"], "79") == (["01", "79"], False)
    assert cs.toggle(["01", "79"], "01") == (["79"], False)
    full = ["01", "02", "04", "06", "08", "10"]
    assert cs.toggle(full, "11") == (full, True)
    event = {"selection": {"points": [{"location": "79", "z": 3}, {"location": "label-1"}]}}
    assert cs.clicked_codes(event) == ["79"]
    assert cs.clicked_codes(None) == [] and cs.clicked_codes({"selection": {"points": []}}) == []


def _click_script():
    import streamlit as st

    from antq.features.compare import state as cs
    st.session_state.setdefault(cs.KEY_PROVINCES, ["01"])
    st.session_state.setdefault(cs.KEY_PEER, "region")
    clicks = st.session_state.setdefault("_clicks", ["79", "48", "01"])
    if clicks:
        st.session_state[cs.KEY_MAP] = {"selection": {"points": [{"location": clicks.pop(0)}]}}
        cs.on_map_select()
    st.write(",".join(st.session_state[cs.KEY_PROVINCES]) + "|" + st.session_state[cs.KEY_PEER])


def test_map_click_callback_adds_and_drops_in_a_session():
    at = AppTest.from_function(_click_script)
    at.run()
    assert at.markdown[0].value == "01,79|"  # a click makes the choice hand-made
    at.run()
    assert at.markdown[0].value == "01,79,48|"
    at.run()
    assert at.markdown[0].value == "79,48|"


def _settle_script():
    import pandas as pd
    import streamlit as st

    from antq.features.compare import state as cs
    prov = pd.DataFrame({"province_code": ["01", "79", "48", "31"], "region": ["N", "S", "C", "N"],
                         "population": [8e6, 14e6, 3e6, 4.6e6]})
    st.session_state.setdefault(cs.KEY_PROVINCES, ["01", "74", "99", "79"])
    st.session_state.setdefault(cs.KEY_PEER, "")
    dropped = cs.settle({"01", "79", "48", "31"}, {"74": "79"}.get, prov)
    st.write(",".join(st.session_state[cs.KEY_PROVINCES]) + "|" + ",".join(dropped))


def test_settle_carries_codes_across_maps_and_builds_peer_groups():
    at = AppTest.from_function(_settle_script)
    at.run()
    assert at.markdown[0].value == "01,79|99"  # 74 (old Bình Dương) carried to 79, already there; 99 dropped
    at.session_state[cs.KEY_PEER] = "region"
    at.run()
    assert at.markdown[0].value == "01,31|"
    at.session_state[cs.KEY_PEER] = "population"
    at.run()
    assert at.markdown[0].value == "01,31,79,48|"  # nearest by population on a log scale


def test_peer_group_order_is_nearest_population_first():
    prov = pd.DataFrame({"province_code": ["01", "79", "48", "31"], "region": ["N", "S", "C", "N"],
                         "population": [8e6, 14e6, 3e6, 4.6e6]})
    from antq.features.overview import comparison as cmp
    assert cmp.peer_group(prov, "01", "population") == ["01", "31", "79", "48"]
    assert cmp.peer_group(prov, "01", "population", n=1) == ["01", "31"]
