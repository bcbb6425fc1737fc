"""Text of the "Tổng quan" page and of the metric catalogue it shares with "So sánh địa phương"."""

TEXT = {
    # the metric catalogue (antq.features.overview.figures.METRICS): name, and its unit once normalised
    "overview_metric_coverage": ("Tỷ lệ xã có mô hình", "Communes with a model"),
    "overview_metric_active_sites": ("Điểm mô hình đang hoạt động", "Active model sites"),
    "overview_metric_effective_models": ("Mô hình hiệu quả", "Effective models"),
    "overview_metric_tips": ("Tin báo tiếp nhận", "Tips received"),
    "overview_metric_valuable_share": ("Tỷ lệ tin có giá trị", "Share of tips found valuable"),
    "overview_metric_solved_share": ("Tỷ lệ tin dẫn tới vụ đã phá", "Share of tips leading to a solved case"),
    "overview_metric_festival_sites": ("Điểm tổ chức Ngày hội", "Festival sites"),
    "overview_metric_festival_participants": ("Người dự Ngày hội", "Festival participants"),
    "overview_metric_propaganda_sessions": ("Buổi tuyên truyền", "Propaganda sessions"),
    "overview_metric_safety_share": ("Tỷ lệ đơn vị đạt chuẩn an toàn về ANTT", "Units meeting the safety standard"),
    "overview_per_capita": ("{name} / 1.000 dân", "{name} per 1,000 residents"),
    "overview_per_commune": ("{name} / xã", "{name} per commune"),
    "overview_share_unit": ("{name} (%)", "{name} (%)"),
    "overview_count_unit": ("{name} (số lượng)", "{name} (count)"),
    # headline cards
    "overview_headlines": ("Chỉ tiêu chính của kỳ", "Headline figures of the period"),
    "overview_card_communes": ("Xã có mô hình (tại {d})", "Communes with a model (at {d})"),
    "overview_card_effective": ("Mô hình hiệu quả (tại {d})", "Effective models (at {d})"),
    "overview_card_tips": ("Tin báo tiếp nhận", "Tips received"),
    "overview_card_conversion": ("Tin dẫn tới vụ đã phá", "Tips leading to a solved case"),
    "overview_card_festival": ("Điểm tổ chức Ngày hội", "Festival sites"),
    "overview_card_participants": ("Người dự Ngày hội", "Festival participants"),
    "overview_card_safety": ("Đạt chuẩn an toàn về ANTT (năm {y})", "Units meeting the safety standard ({y})"),
    "overview_card_propaganda": ("Buổi tuyên truyền", "Propaganda sessions"),
    "overview_of_total": ("{share} trong {total} xã", "{share} of {total} communes"),
    "overview_valuable_line": ("{v} tin có giá trị ({share})", "{v} valuable ({share})"),
    "overview_solved_line": ("{k} tin, {c} vụ đã phá · kỳ gần đây còn ít thời gian phá án",
                             "{k} tips, {c} cases solved · a recent cohort has had less time"),
    "overview_showcase_line": ("trong đó {n} Ngày hội điểm", "of which {n} showcase"),
    "overview_no_festival": ("Kỳ không có tháng 8: Ngày hội tổ chức vào tháng 8 hằng năm",
                             "No August in the period: the festival is held every August"),
    "overview_per_site_line": ("bình quân {n} người/điểm", "{n} people per site"),
    "overview_safety_line": ("{k} trong {n} đơn vị được đánh giá", "{k} of {n} units assessed"),
    "overview_participants_line": ("{n} lượt người dự", "{n} participants"),
    "overview_delta": ("{pct} ({diff}) so với cùng kỳ", "{pct} ({diff}) vs a year earlier"),
    "overview_delta_pp": ("{pp} điểm % so với cùng kỳ", "{pp} pts vs a year earlier"),
    "overview_mark_small": ("⚠ số nhỏ", "⚠ small count"),
    "overview_mark_noise": ("≈ trong dao động ngẫu nhiên", "≈ within chance variation"),
    "overview_mark_small_short": ("⚠ số nhỏ", "⚠ small"),
    "overview_mark_noise_short": ("≈ ngẫu nhiên", "≈ chance"),
    "overview_mark_nobase": ("không có số liệu cùng kỳ", "no data a year earlier"),
    "overview_mark_censored": ("kỳ gần đây còn ít thời gian phá án", "recent cohort: less time to solve"),
    "overview_rule": (
        "Thay đổi so với cùng kỳ năm trước ({ly}). Đánh dấu «⚠ số nhỏ» khi một trong hai kỳ có dưới {n} "
        "đơn vị đếm (số tin, số điểm, số đơn vị được đánh giá…): tỷ lệ thay đổi khi đó không có ý nghĩa. "
        "Đánh dấu «≈ trong dao động ngẫu nhiên» khi chênh lệch nhỏ hơn hai lần độ lệch chuẩn ngẫu nhiên "
        "(số đếm: 2·√(a+b); tỷ lệ: 2·√(p(1−p)(1/n₁+1/n₂))). Số xã có mô hình và số mô hình hiệu quả tính tại "
        "ngày cuối kỳ. Tỷ lệ tin dẫn tới vụ đã phá tính theo nhóm tin tiếp nhận trong kỳ, đến ngày số liệu: "
        "kỳ gần đây có ít thời gian hơn để phá án nên thường thấp hơn cùng kỳ.",
        "Change against the same period a year earlier ({ly}). Marked “⚠ small count” when either period has "
        "fewer than {n} counted units (tips, sites, units assessed…): the percentage change then means nothing. "
        "Marked “≈ within chance variation” when the change is less than twice its chance standard deviation "
        "(counts: 2·√(a+b); shares: 2·√(p(1−p)(1/n₁+1/n₂))). Communes with a model and effective models are "
        "counted at the period's last day. The share leading to a solved case follows the cohort of tips "
        "received in the period up to the data date: a recent cohort has had less time to be solved."),
    "overview_safety_note": (
        "Đánh giá «An toàn về ANTT» làm mỗi năm một lần (tháng 12): hiển thị kỳ đánh giá năm {y}.",
        "The safety assessment is made once a year (December): showing the assessment of {y}."),
    "overview_no_safety": ("Chưa có kỳ đánh giá an toàn về ANTT", "No safety assessment yet"),
    "overview_compstat": ("Bảng so sánh cùng kỳ (CompStat)", "Same period a year earlier (CompStat table)"),
    "overview_col_metric": ("Chỉ tiêu", "Figure"),
    "overview_col_now": ("Kỳ này", "This period"),
    "overview_col_before": ("Cùng kỳ năm trước", "A year earlier"),
    "overview_col_diff": ("Chênh lệch", "Change"),
    "overview_col_pct": ("Thay đổi", "Change (%)"),
    "overview_col_note": ("Ghi chú", "Note"),
    "overview_col_source": ("Truy vấn", "Query"),
    "overview_download": ("Tải CSV", "Download CSV"),
    # map and deviations
    "overview_map_header": ("Bản đồ một chỉ tiêu", "Map of one figure"),
    "overview_map_metric": ("Chỉ tiêu trên bản đồ", "Figure on the map"),
    "overview_commune_sites_note": (
        "Trong một tỉnh, bản đồ tỷ lệ xã có mô hình được thay bằng số điểm mô hình đang hoạt động của từng xã.",
        "Inside a province, the map of communes with a model shows each commune's active model sites instead."),
    "overview_no_commune_population": (
        "Bộ dữ liệu không có dân số xã: số liệu theo xã hiển thị số lượng, không chia theo dân số.",
        "The snapshot has no commune population: commune figures are shown as counts."),
    "overview_extremes": ("Cao nhất và thấp nhất so với mức {level}", "Furthest above and below the {level} level"),
    "overview_level_national": ("toàn quốc", "national"),
    "overview_level_province": ("chung của tỉnh", "province-wide"),
    "overview_level_value": ("Mức {level}: {value}", "The {level} level: {value}"),
    "overview_extremes_rule": (
        "Chênh lệch so với mức chung (tỷ lệ: điểm %; số trên dân số: %). Không xếp các địa bàn có dưới {n} "
        "đơn vị đếm và các địa bàn không có số liệu.",
        "Difference from the overall level (shares: percentage points; per-capita figures: %). Areas with fewer "
        "than {n} counted units and areas without data are left out."),
    "overview_col_area": ("Địa bàn", "Area"),
    "overview_col_value": ("Giá trị", "Value"),
    "overview_col_count": ("Số đếm", "Count"),
    "overview_col_gap": ("So với mức chung", "Vs overall level"),
    "overview_above": ("Cao hơn", "Above"),
    "overview_below": ("Thấp hơn", "Below"),
    "overview_population_basis": ("Dân số: {basis}", "Population: {basis}"),
    # reporting
    "overview_reporting": ("Tình trạng báo cáo", "Reporting status"),
    "overview_reporting_all": (
        "Số liệu đến ngày {d}. Cả {n}/{total} {unit} đã báo cáo đủ {m} tháng của kỳ.",
        "Data up to {d}. All {n}/{total} {unit} reported every one of the period's {m} months."),
    "overview_reporting_some": (
        "Số liệu đến ngày {d}. {n}/{total} {unit} đã báo cáo đủ {m} tháng của kỳ.",
        "Data up to {d}. {n}/{total} {unit} reported every one of the period's {m} months."),
    "overview_not_reported": ("Chưa gửi báo cáo hoạt động nào trong kỳ: {names}",
                              "Sent no activity report for the period: {names}"),
    "overview_incomplete": ("Báo cáo chưa đủ tháng: {names}", "Months missing: {names}"),
    "overview_reporting_rule": (
        "Một địa bàn «đã báo cáo» khi có báo cáo hoạt động hằng tháng (bảng activities) trong kỳ. Không có "
        "số liệu không phải là 0: địa bàn không có dòng số liệu nào của một chỉ tiêu trong kỳ và cũng chưa báo "
        "cáo thì để trống, bản đồ tô xám («Không có số liệu»); đã báo cáo mà không có dòng nào thì là 0.",
        "An area “has reported” when it sent monthly activity reports (table activities) for the period. No "
        "data is not zero: an area with no row of a figure for the period that has not reported either stays "
        "empty, grey on the map (“No data”); one that reported and has no row counts 0."),
    "overview_old_map_note": (
        "Bản đồ trước 1/7/2025, kỳ có ngày sau cải cách: số liệu từ 1/7/2025 ghi cho xã mới và được đặt vào xã cũ "
        "đóng góp diện tích lớn nhất; các xã cũ khác đã sáp nhập không còn số liệu riêng trên bản đồ này.",
        "Map before 1/7/2025 with a period past the reform: data since 1/7/2025 is recorded for the new commune "
        "and placed on the old commune that gave it the most area; the other merged old communes have no data of "
        "their own on this map."),
    "overview_unit_provinces": ("tỉnh, thành", "provinces"),
    "overview_unit_communes": ("xã, phường", "communes"),
    "overview_months_of": ("{name} ({k}/{m} tháng)", "{name} ({k}/{m} months)"),
}
