"""Interface text of the "Ngày hội" page (antq/features/festival/page.py): key -> (Vietnamese, English)."""

TEXT = {
    "festival_title": ("Ngày hội toàn dân bảo vệ an ninh Tổ quốc", "The national security festival"),
    "festival_year": ("Năm", "Year"),
    "festival_year_note": (
        "Ngày hội tổ chức hằng năm vào tháng 8. Trang này dùng **năm {year}** (ô «Năm»), không dùng khoảng "
        "thời gian ở thanh bên ({period}): {inside}. Biểu đồ qua các năm: {first}–{last}.",
        "The festival is held every August. This page uses **the year {year}** (the “Year” control), not the "
        "sidebar period ({period}): {inside}. Year-over-year charts: {first}–{last}."),
    "festival_year_inside": ("năm {year} nằm trong khoảng thời gian đó", "{year} lies within that period"),
    "festival_year_outside": ("năm {year} nằm ngoài khoảng thời gian đó", "{year} lies outside that period"),
    "festival_metric": ("Chỉ tiêu trên bản đồ", "Map metric"),
    "festival_m_sites_per_10k": ("Điểm tổ chức / 10.000 dân", "Sites per 10,000 residents"),
    "festival_m_participants_per_1k": ("Người tham dự / 1.000 dân", "Participants per 1,000 residents"),
    "festival_m_communes_share": ("Tỷ lệ xã có tổ chức", "Share of communes that held one"),
    # headline figures
    "festival_sites": ("Điểm tổ chức (mọi cấp)", "Sites (all levels)"),
    "festival_showcase": ("Ngày hội điểm", "Showcase sites"),
    "festival_other_sites": ("Điểm khác", "Other sites"),
    "festival_participants": ("Người tham dự", "Participants"),
    "festival_communes_held": ("Xã có tổ chức", "Communes that held one"),
    "festival_vs_prev": ("so với năm {year}", "vs {year}"),
    "festival_leaders_of_year": ("Lãnh đạo dự Ngày hội năm {year}", "Leaders attending in {year}"),
    "festival_leaders_politburo": ("Ủy viên Bộ Chính trị", "Politburo members"),
    "festival_leaders_secretariat": ("Ủy viên Ban Bí thư", "Secretariat members"),
    "festival_leaders_cc_central": ("Ủy viên TW Đảng (ban, bộ, ngành TW)", "CC members from central agencies"),
    "festival_leaders_cc_provincial_secretary": ("Ủy viên TW Đảng là Bí thư Tỉnh ủy, Thành ủy",
                                        "CC members who are provincial secretaries"),
    "festival_leaders_province_standing": ("Ủy viên Ban Thường vụ Tỉnh ủy, Thành ủy", "Provincial standing committee members"),
    "festival_leaders_district_standing": ("Ủy viên Ban Thường vụ Huyện ủy", "District standing committee members"),
    "festival_no_year": ("Bộ dữ liệu này chưa có số liệu Ngày hội.", "This snapshot holds no festival data."),
    # map
    "festival_map_title": ("Ngày hội năm {year}: {metric} — {scope}", "Festival {year}: {metric} — {scope}"),
    "festival_map_header": ("Bản đồ năm {year}", "Map of {year}"),
    "festival_population_note": (
        "Dân số: {basis} (bảng commune_population của bộ dữ liệu, cộng theo các xã ghi nhận). Xã được đếm theo bản "
        "đồ khi ghi nhận năm {year}: {n} xã. Tỉnh không báo cáo điểm nào trong năm để xám (không có số liệu); trong "
        "tỉnh có báo cáo, xã không có điểm là xã không tổ chức.",
        "Population: {basis} (the snapshot's commune_population, summed over the recorded communes). Communes are "
        "counted on the map the year was recorded on: {n} communes in {year}. A province that reported no site is "
        "grey (no data); inside a reporting province a commune without a site held none."),
    "festival_coarse_note": (
        "Số liệu năm {year} được ghi theo 3.321 xã mới; trên bản đồ trước 1/7/2025 mỗi xã mới được đặt vào một xã cũ "
        "(phần diện tích lớn nhất), các xã cũ khác để xám. Xem theo xã trên bản đồ sau 1/7/2025.",
        "The {year} data was recorded on the 3,321 new communes; on the map before 1/7/2025 each new commune lands on "
        "one old commune (its largest part) and the other old communes are grey. Use the map since 1/7/2025 for "
        "communes."),
    "festival_hover_population": ("Dân số", "Population"),
    "festival_hover_communes": ("Xã có tổ chức / tổng số", "Communes that held one / all"),
    # year over year
    "festival_yoy_header": ("Qua các năm — {scope}", "Year over year — {scope}"),
    "festival_chart_sites": ("Điểm tổ chức Ngày hội", "Festival sites"),
    "festival_chart_participants": ("Người tham dự", "Participants"),
    "festival_chart_leaders_central": ("Lãnh đạo Trung ương dự Ngày hội", "Central leaders attending"),
    "festival_chart_leaders_local": ("Lãnh đạo cấp ủy địa phương dự Ngày hội", "Local party leaders attending"),
    "festival_leaders_axis": ("Lượt lãnh đạo", "Leaders"),
    "festival_district_note": (
        "Cấp huyện không còn từ 1/7/2025, nên từ năm 2025 không còn Ủy viên Ban Thường vụ Huyện ủy dự. "
        "Năm được chọn tô đậm; số từng năm trong bảng dưới.",
        "The district level was abolished on 1/7/2025, so from 2025 no district standing committee members "
        "attend. The chosen year is drawn solid; each year's figures are in the table below."),
    "festival_yoy_table": ("Số liệu theo năm", "Figures by year"),
    "festival_col_year": ("Năm", "Year"),
    "festival_col_per_1k": ("Người tham dự / 1.000 dân", "Participants / 1,000 residents"),
    # where to look
    "festival_look_header": ("Nơi cần chú ý — năm {year}", "Where to look — {year}"),
    "festival_few_header": ("Tổ chức ít so với quy mô dân số", "Few festivals for their size"),
    "festival_few_note": (
        "Mỗi {unit} so với mức cả nước ({rate} điểm / 10.000 dân): số điểm kỳ vọng = dân số × mức cả nước. "
        "Đường cong là giới hạn 95% và 99,8% (phân phối Poisson, nới theo mức chênh lệch thực tế giữa các {unit}: "
        "φ = {phi}): {unit} nằm dưới đường 99,8% là thấp rõ rệt, không do ngẫu nhiên. Số kỳ vọng dưới 5 là số nhỏ, "
        "tỷ lệ dễ dao động.",
        "Each {unit} against the national level ({rate} sites per 10,000 residents): expected sites = population × "
        "the national level. The curves are the 95% and 99.8% limits (Poisson, widened by the real spread between "
        "{unit}s: φ = {phi}): a {unit} below the 99.8% line is clearly low, not by chance. Fewer than 5 expected sites is a small count: its rate swings easily."),
    "festival_unit_province": ("tỉnh", "province"),
    "festival_unit_commune": ("xã", "commune"),
    "festival_fell_header": ("Giảm so với năm {prev}", "Fell since {prev}"),
    "festival_fell_note": (
        "{n} trên {total} {unit} có ít điểm hơn năm {prev}; cả nước {change}. «Giảm hơn cả nước» khi mức giảm "
        "vượt xa biến động chung (kiểm định nhị thức, có tính dân số).",
        "{n} of {total} {unit}s held fewer sites than in {prev}; the whole country {change}. “Fell more than the "
        "country” when the fall is well beyond the national change (binomial test, population taken into account)."),
    "festival_fell_none": ("Không {unit} nào có ít điểm hơn năm {prev}.", "No {unit} held fewer sites than in {prev}."),
    "festival_no_prev": ("Không có số liệu năm {prev} để so sánh.", "No {prev} data to compare with."),
    "festival_col_area_province": ("Tỉnh, thành", "Province"),
    "festival_col_area_commune": ("Xã, phường", "Commune"),
    "festival_col_population": ("Dân số", "Population"),
    "festival_col_sites": ("Số điểm", "Sites"),
    "festival_col_rate": ("Điểm / 10.000 dân", "Sites / 10,000"),
    "festival_col_expected": ("Kỳ vọng theo mức cả nước", "Expected at the national level"),
    "festival_col_ratio": ("Thực tế / kỳ vọng", "Actual / expected"),
    "festival_col_communes": ("Xã có tổ chức", "Communes that held one"),
    "festival_col_flag": ("Đánh giá", "Assessment"),
    "festival_col_prev_sites": ("Số điểm năm {prev}", "Sites {prev}"),
    "festival_col_cur_sites": ("Số điểm năm {year}", "Sites {year}"),
    "festival_col_change": ("Thay đổi", "Change"),
    "festival_col_change_pct": ("Thay đổi (%)", "Change (%)"),
    "festival_col_participants_change": ("Thay đổi người tham dự", "Change in participants"),
    "festival_flag_none": ("Không tổ chức", "Held none"),
    "festival_flag_clear": ("Thấp rõ rệt", "Clearly low"),
    "festival_flag_low": ("Thấp", "Low"),
    "festival_flag_high": ("Cao", "High"),
    "festival_flag_ok": ("Trong giới hạn", "Within limits"),
    "festival_flag_small": ("số nhỏ", "small count"),
    "festival_flag_fell_clear": ("Giảm hơn cả nước rõ rệt", "Fell clearly more than the country"),
    "festival_flag_fell_more": ("Giảm hơn cả nước", "Fell more than the country"),
    "festival_flag_fell": ("Giảm", "Fell"),
    "festival_national_level": ("Mức cả nước", "National level"),
    "festival_limit_95": ("Giới hạn 95%", "95% limit"),
    "festival_limit_998": ("Giới hạn 99,8%", "99.8% limit"),
    "festival_funnel_x": ("Dân số (thang log)", "Population (log scale)"),
    # sites table
    "festival_sites_header": ("Các điểm tổ chức — năm {year}, {scope}", "The sites — {year}, {scope}"),
    "festival_commune": ("Xã, phường", "Commune"),
    "festival_all_communes": ("Tất cả xã, phường", "Every commune"),
    "festival_levels": ("Cấp tổ chức", "Level"),
    "festival_all_levels": ("Mọi cấp", "Every level"),
    "festival_showcase_only": ("Chỉ Ngày hội điểm", "Showcase sites only"),
    "festival_rows_shown": ("{total} điểm; hiện {shown} điểm đầu (Ngày hội điểm trước, rồi theo số người tham dự). "
                            "Tệp CSV có đủ {total} điểm.",
                            "{total} sites; showing the first {shown} (showcase first, then by participants). "
                            "The CSV holds all {total}."),
    "festival_download": ("Tải CSV", "Download CSV"),
    "festival_col_site": ("Mã điểm", "Site id"),
    "festival_col_held_on": ("Ngày tổ chức", "Date held"),
    "festival_col_level": ("Cấp", "Level"),
    "festival_col_showcase": ("Ngày hội điểm", "Showcase"),
    "festival_col_recorded": ("Xã khi ghi nhận", "Commune as recorded"),
    "festival_level_Tỉnh": ("Cấp tỉnh", "Province"),
    "festival_level_Huyện": ("Cấp huyện", "District"),
    "festival_level_Xã": ("Cấp xã", "Commune"),
    "festival_level_Thôn/Tổ dân phố": ("Thôn, tổ dân phố", "Village, residential group"),
    "festival_yes": ("Có", "Yes"),
    "festival_source": ("báo cáo Ngày hội toàn dân bảo vệ ANTQ (festival_sites)", "festival reports (festival_sites)"),
}
