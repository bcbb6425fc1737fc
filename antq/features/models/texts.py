"""Texts of the "Mô hình" page (antq/features/models/page.py): key -> (Vietnamese, English)."""

TEXT = {
    "models_title": ("Mô hình: lan tỏa theo xã, phường", "Models: how they spread by commune"),
    # controls
    "models_types": ("Loại mô hình", "Model types"),
    "models_types_all": ("Tất cả loại mô hình", "All model types"),
    "models_as_of": ("Tính đến tháng", "As of month"),
    "models_as_of_period": ("tính đến {d}", "as of {d}"),
    "models_play": ("▶ Phát theo năm", "▶ Play by year"),
    "models_pause": ("⏸ Dừng", "⏸ Pause"),
    "models_level": ("Bản đồ theo", "Map by"),
    "models_level_province": ("Tỉnh, thành", "Province"),
    "models_level_commune": ("Xã, phường", "Commune"),
    "models_focus": ("So sánh các tỉnh cho loại", "Compare provinces for the type"),
    "models_sites_mode": ("Điểm trong danh sách", "Sites listed"),
    "models_sites_active": ("Đang hoạt động tại ngày đã chọn", "Active at the chosen date"),
    "models_sites_all": ("Mọi điểm đã bắt đầu, kể cả đã ngừng", "Every site started, ended ones included"),
    # headline figures
    "models_m_covered": ("Xã có mô hình ({d})", "Communes with a model ({d})"),
    "models_m_without": ("Xã chưa có mô hình ({d})", "Communes without a model ({d})"),
    "models_m_sites": ("Điểm đang hoạt động ({d})", "Active sites ({d})"),
    "models_m_implemented": ("Mô hình triển khai trong kỳ", "Models implemented in the period"),
    "models_m_effective": ("Mô hình hiệu quả ({d})", "Effective models ({d})"),
    "models_of_communes": ("{n} / {total} xã", "{n} / {total} communes"),
    "models_effective_of": ("hiệu quả: {pct}", "effective: {pct}"),
    "models_effective_of_active": ("/ {n} đang hoạt động", "/ {n} active"),
    "models_metrics_note": (
        "Loại mô hình: {types}. Xã có mô hình = xã có ít nhất một điểm đang hoạt động tại ngày đã chọn. Mô hình "
        "triển khai trong kỳ: mô hình có điểm khởi xướng bắt đầu trong kỳ tại địa bàn; mô hình hiệu quả: điểm "
        "khởi xướng còn hoạt động và được đánh giá hiệu quả.",
        "Model types: {types}. A commune has a model when at least one site is active at the chosen date. Models "
        "implemented in the period: models whose first site started in the period in the area; effective models: "
        "first site still active and judged effective."),
    "models_types_every": ("mọi loại", "every type"),
    "models_types_n": ("{n} loại", "{n} types"),
    # map
    "models_map_title_share": ("Độ phủ mô hình theo tỉnh: {types} — {scope}, tính đến {d}",
                               "Model coverage by province: {types} — {scope}, as of {d}"),
    "models_map_title_sites": ("Điểm mô hình đang hoạt động theo xã: {types} — {scope}, tính đến {d}",
                               "Active model sites by commune: {types} — {scope}, as of {d}"),
    "models_coverage": ("Độ phủ (xã có mô hình / tổng số xã)", "Coverage (communes with a model / all)"),
    "models_sites_per_commune": ("Số điểm đang hoạt động", "Active sites"),
    "models_communes_covered": ("Xã có mô hình", "Communes with a model"),
    "models_sites": ("Điểm đang hoạt động", "Active sites"),
    "models_effective_sites": ("Điểm hiệu quả", "Effective sites"),
    "models_types_present": ("Số loại có mặt", "Types present"),
    "models_no_model": ("Chưa có mô hình", "No model"),
    "models_map_note": (
        "Màu cam: chưa có điểm nào đang hoạt động (của các loại đã chọn); màu xám: tỉnh chưa báo cáo số liệu.",
        "Orange: no active site (of the selected types); grey: the province has not reported."),
    # adoption
    "models_curve_title": ("Số xã có mô hình theo thời gian — {scope}", "Communes with a model over time — {scope}"),
    "models_curve_axis": ("Tỷ lệ xã có mô hình", "Share of communes with a model"),
    "models_curve_selected": ("các loại đã chọn", "selected types"),
    "models_period": ("Kỳ báo cáo", "Reporting period"),
    "models_adopters_title": ("Xã mới áp dụng mỗi năm và lan tỏa sang xã giáp ranh — {scope}",
                              "New adopting communes per year and spread to neighbours — {scope}"),
    "models_adopters_bordering": ("Xã mới, giáp xã đã có", "New, bordering one that had it"),
    "models_adopters_other": ("Xã mới, không giáp", "New, not bordering one"),
    "models_adopters_share": ("% xã mới giáp xã đã có (trục phải)", "% of new ones bordering (right axis)"),
    "models_adopters_baseline": ("Tham chiếu: % xã chưa có giáp xã đã có, 1/1", "Reference: % of those without it bordering one, 1 Jan"),
    "models_adopters_axis": ("Xã mới áp dụng", "New adopting communes"),
    "models_adopters_note": (
        "Một xã áp dụng vào năm có điểm đầu tiên (thuộc các loại đã chọn) bắt đầu hoạt động; \"giáp xã đã có\" "
        "khi một xã có chung ranh giới (kể cả khác tỉnh) đã áp dụng trước đó. Nếu tỷ lệ này cao hơn đường tham "
        "chiếu, mô hình lan sang xã lân cận nhiều hơn là ngẫu nhiên. Năm đầu của dữ liệu ({y}) gồm cả các xã "
        "đã có mô hình từ trước.",
        "A commune adopts in the year its first site (of the selected types) started; it \"borders one\" when a "
        "commune sharing its border (in any province) adopted earlier. A share above the reference line means "
        "the model spreads to neighbours more than chance would. The first year of the data ({y}) also holds "
        "communes that had the model before."),
    # which models matter
    "models_matter": ("Loại mô hình nào quan trọng", "Which models matter"),
    "models_rank_covered_title": ("Loại mô hình theo số xã có mô hình — {scope}, {d}",
                                  "Model types by communes covered — {scope}, {d}"),
    "models_rank_effective_title": ("Tỷ lệ điểm được đánh giá hiệu quả theo loại — {scope}, {d}",
                                    "Share of sites judged effective by type — {scope}, {d}"),
    "models_effective_share": ("Tỷ lệ điểm hiệu quả", "Share of effective sites"),
    "models_small": ("ít điểm (< {n}), không xếp hạng", "few sites (< {n}), not ranked"),
    "models_rank_note": (
        "Thanh ngang: khoảng tin cậy 95% (Wilson). Loại có dưới {n} điểm đang hoạt động được tô xám và xếp "
        "cuối: tỷ lệ trên vài điểm không đủ tin cậy để so sánh.",
        "Whiskers: 95% confidence interval (Wilson). Types with fewer than {n} active sites are grey and listed "
        "last: a share over a few sites is too uncertain to compare."),
    "models_leaders_title": ("Tỉnh dẫn đầu và tụt lại: {type} — {d}", "Provinces leading and lagging: {type} — {d}"),
    "models_leaders_top": ("Dẫn đầu", "Leading"),
    "models_leaders_bottom": ("Tụt lại", "Lagging"),
    "models_leaders_selected": ("Tỉnh đang xem (hạng {rank}/{n})", "Province in view (rank {rank}/{n})"),
    "models_leaders_note": ("Xanh: {n} tỉnh dẫn đầu; cam: {n} tỉnh tụt lại; đỏ: tỉnh đang xem. Số trước tên là thứ hạng theo độ phủ.",
                            "Blue: the {n} leading provinces; orange: the {n} lagging; red: the province in view. "
                            "The number before a name is its rank by coverage."),
    "models_national": ("Toàn quốc", "Whole country"),
    "models_not_reported": ("{n} tỉnh chưa báo cáo số liệu mô hình, không xếp hạng: {names}.",
                            "{n} provinces have not reported model data and are not ranked: {names}."),
    # sites
    "models_sites_title": ("Các điểm mô hình đứng sau số liệu", "The sites behind the figures"),
    "models_sites_caption": ("{n} điểm · {types} · {scope} · tính đến {d}", "{n} sites · {types} · {scope} · as of {d}"),
    "models_sites_shown": ("Hiển thị {shown} điểm đầu tiên trong {n}; tệp CSV có đủ {n} điểm.",
                           "Showing the first {shown} of {n} sites; the CSV file has all {n}."),
    "models_csv": ("Tải danh sách điểm (CSV)", "Download the sites (CSV)"),
    "models_col_province": ("Tỉnh, thành", "Province"),
    "models_col_commune": ("Xã, phường", "Commune"),
    "models_col_type": ("Loại mô hình", "Model type"),
    "models_col_model": ("Tên mô hình tại địa phương", "Local name"),
    "models_col_origin": ("Điểm khởi xướng", "First site"),
    "models_col_started": ("Bắt đầu", "Started"),
    "models_col_ended": ("Ngừng", "Ended"),
    "models_col_effective": ("Hiệu quả", "Effective"),
    "models_col_members": ("Thành viên", "Members"),
    "models_col_cameras": ("Camera", "Cameras"),
    "models_col_province_code": ("Mã tỉnh", "Province code"),
    "models_col_commune_code": ("Mã xã", "Commune code"),
    "models_col_type_code": ("Mã loại", "Type code"),
    "models_col_model_id": ("Mã mô hình", "Model id"),
    "models_col_site_id": ("Mã điểm", "Site id"),
    "models_yes": ("Có", "Yes"),
    "models_no": ("Không", "No"),
    "models_source": ("Báo cáo điểm mô hình (bảng model_sites)", "Model site reports (table model_sites)"),
    "models_simulated_tag": ("DỮ LIỆU MÔ PHỎNG", "SIMULATED DATA"),
    "models_sites_file": ("Các điểm mô hình — tính đến {d}", "Model sites — as of {d}"),
}
