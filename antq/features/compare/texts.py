"""Text of the "So sánh địa phương" page (figure names come from antq/features/overview/texts.py)."""

TEXT = {
    "compare_provinces": ("Tỉnh, thành so sánh (tỉnh đầu tiên là tỉnh của bạn; tối đa 6)",
                          "Provinces to compare (the first is yours; up to 6)"),
    "compare_pick_prompt": ("Chọn tỉnh của bạn và tối đa 5 tỉnh khác, hoặc bấm vào bản đồ.",
                            "Pick your province and up to 5 others, or click the map."),
    "compare_peer": ("Nhóm so sánh", "Peer group"),
    "compare_peer_": ("Tự chọn", "My choice"),
    "compare_peer_region": ("Cùng vùng", "Same region"),
    "compare_peer_population": ("Dân số tương đương", "Similar population"),
    "compare_peer_note": (
        "Nhóm so sánh lấy tỉnh đầu tiên làm gốc và thêm tối đa {n} tỉnh có dân số gần nhất "
        "(cùng vùng kinh tế - xã hội, hoặc trong cả nước).",
        "A peer group starts from the first province and adds up to {n} provinces nearest by population "
        "(in the same socio-economic region, or nationwide)."),
    "compare_basis": ("Chuẩn hóa", "Normalise"),
    "compare_basis_capita": ("Trên 1.000 dân", "Per 1,000 residents"),
    "compare_basis_commune": ("Trên một xã", "Per commune"),
    "compare_metric": ("Chỉ tiêu cho bản đồ và xu hướng", "Figure for the map and the trend"),
    "compare_side_by_side": ("Các chỉ tiêu đặt cạnh nhau", "Every figure side by side"),
    "compare_table_note": (
        "Mỗi ô: giá trị (số đếm) · #hạng/{n} tỉnh, xếp từ cao xuống thấp. «⚠ số nhỏ»: dưới {k} đơn vị "
        "đếm, không xếp hạng. Tỷ lệ xã có mô hình, số điểm mô hình và mô hình hiệu quả tính tại {d}; các "
        "chỉ tiêu khác trong kỳ {p}.",
        "Each cell: value (count) · #rank/{n} provinces, highest first. “⚠ small count”: fewer than {k} "
        "counted units, not ranked. Communes with a model, active sites and effective models at {d}; the "
        "other figures over {p}."),
    "compare_index_title": ("Vị trí so với toàn quốc (toàn quốc = 100)", "Standing against the country (country = 100)"),
    "compare_index_axis": ("Chỉ số so với toàn quốc (thang log, toàn quốc = 100)", "Index against the country (log scale, country = 100)"),
    "compare_all": ("Các tỉnh khác", "Other provinces"),
    "compare_map_title": ("Bấm vào một tỉnh để thêm vào hoặc bỏ khỏi so sánh", "Click a province to add it to or drop it from the comparison"),
    "compare_full": ("Đã đủ 6 tỉnh: bỏ bớt một tỉnh trước khi thêm tỉnh khác.",
                     "Six provinces already: drop one before adding another."),
    "compare_trend": ("Xu hướng: {label}", "Trend: {label}"),
    "compare_trend_note_flow": (
        "Mỗi điểm là tổng 12 tháng gần nhất tính đến tháng đó (loại bỏ tính mùa vụ: Tết, Ngày hội tháng 8, "
        "đánh giá tháng 12).",
        "Each point is the sum of the 12 months up to that month (removes seasonality: Tết, the August "
        "festival, the December assessment)."),
    "compare_trend_note_censored": (
        "Những tháng gần đây thấp hơn vì tin mới tiếp nhận chưa đủ thời gian dẫn tới vụ được phá (nhóm tiếp nhận, "
        "tính đến ngày số liệu): so sánh các tỉnh với nhau tại cùng một tháng, không so với các tháng trước.",
        "The latest months are lower because recent tips have had less time to lead to a solved case (cohort "
        "reading, up to the data date): compare provinces at the same month, not with earlier months."),
    "compare_trend_note_stock": ("Mỗi điểm là giá trị tại ngày cuối tháng.", "Each point is the value at the month's end."),
    "compare_inside": ("So sánh các xã, phường trong tỉnh", "Communes compared inside one province"),
    "compare_inside_pick": ("Tỉnh", "Province"),
    "compare_inside_note": (
        "Xếp hạng {n} xã, phường của {name} theo «{label}»; «So với mức chung» là chênh lệch so với cả tỉnh ({lvl}). "
        "Các xã có dưới {k} đơn vị đếm không xếp hạng.",
        "The {n} communes of {name} ranked by “{label}”; “Vs overall level” is the gap to the whole province "
        "({lvl}). Communes with fewer than {k} counted units are not ranked."),
    "compare_col_rank": ("Hạng", "Rank"),
    "compare_download": ("Tải CSV", "Download CSV"),
    "compare_dropped": ("Bỏ các mã tỉnh không có trên bản đồ đã chọn: {codes}",
                        "Dropped province codes not on the chosen map: {codes}"),
}
