"""Text of the "Tin báo → phá án" page (keys prefixed tipoffs_)."""

TEXT = {
    # sections and controls
    "tipoffs_section": ("Nội dung", "Section"),
    "tipoffs_section_funnel": ("Phễu tin báo", "The funnel"),
    "tipoffs_section_cohorts": ("Theo đợt tiếp nhận", "By cohort"),
    "tipoffs_section_where": ("Địa bàn yếu", "Where it is weak"),
    "tipoffs_section_works": ("Kênh, lĩnh vực", "What works"),
    "tipoffs_section_periods": ("So với cùng kỳ", "vs last year"),
    "tipoffs_grain": ("Nhóm tin theo", "Group tips by"),
    "tipoffs_grain_month": ("Tháng", "Month"),
    "tipoffs_grain_quarter": ("Quý", "Quarter"),
    "tipoffs_grain_year": ("Năm", "Year"),
    "tipoffs_metric": ("Chỉ tiêu trên bản đồ", "Measure on the map"),
    "tipoffs_metric_conversion": ("Tỷ lệ tin dẫn tới vụ đã phá", "Share of tips leading to a solved case"),
    "tipoffs_metric_valuable": ("Tỷ lệ tin có giá trị", "Share of tips found valuable"),
    "tipoffs_metric_solved_of_valuable": ("Tỷ lệ tin có giá trị dẫn tới vụ đã phá",
                                          "Share of valuable tips leading to a solved case"),
    "tipoffs_metric_per100k": ("Tin báo / 100.000 dân", "Tips per 100,000 residents"),
    "tipoffs_level": ("Cấp hiển thị", "Level"),
    "tipoffs_level_province": ("Tỉnh, thành", "Provinces"),
    "tipoffs_level_commune": ("Xã, phường", "Communes"),
    # headline
    "tipoffs_step_tips": ("Tin báo tiếp nhận", "Tips received"),
    "tipoffs_step_valuable": ("Tin có giá trị", "Valuable tips"),
    "tipoffs_step_linked_solved": ("Tin dẫn tới vụ đã phá", "Tips linked to a solved case"),
    "tipoffs_step_cases_solved": ("Vụ đã phá", "Cases solved"),
    "tipoffs_step_arrests": ("Đối tượng bị bắt", "Suspects arrested"),
    "tipoffs_step_guns": ("Súng thu giữ", "Guns collected"),
    "tipoffs_step_primitive_weapons": ("Vũ khí thô sơ thu giữ", "Primitive weapons collected"),
    "tipoffs_of_tips": ("số tin tiếp nhận", "of tips received"),
    "tipoffs_of_valuable": ("số tin có giá trị", "of valuable tips"),
    "tipoffs_of_cases": ("trong {n} vụ có tin dẫn tới", "of the {n} cases tips led to"),
    "tipoffs_per_100_valuable": ("/ 100 tin có giá trị", "per 100 valuable tips"),
    "tipoffs_reading_cohort": (
        "Đọc theo đợt tiếp nhận: các tin nhận trong kỳ và kết quả chúng dẫn tới tính đến ngày {d} "
        "(vụ có thể được phá sau kỳ). Trung vị từ tin đầu tiên của vụ đến ngày phá: {m} ngày.",
        "Cohort reading: the tips received in the period and what they led to up to {d} (a case may be solved "
        "after the period). Median from a case's first tip to its solution: {m} days."),
    "tipoffs_open_warning": (
        "Kỳ đã chọn kết thúc chưa đủ 180 ngày trước ngày số liệu: nhiều tin của kỳ chưa đủ thời gian dẫn tới "
        "phá án, các tỷ lệ chuyển hóa còn tăng.",
        "The period ends less than 180 days before the data date: many of its tips have not had time to lead to "
        "a solved case yet; conversion rates will still grow."),
    # funnel section
    "tipoffs_funnel_title": ("Phễu tin báo → phá án", "Tip-off funnel → solved cases"),
    "tipoffs_col_step": ("Bước", "Step"),
    "tipoffs_col_count": ("Số lượng", "Count"),
    "tipoffs_col_rate": ("Tỷ lệ", "Rate"),
    "tipoffs_col_basis": ("Tính trên", "Of"),
    "tipoffs_two_readings": ("Hai cách đọc kết quả phá án của kỳ", "Two readings of the period's results"),
    "tipoffs_reading_col": ("Cách đọc", "Reading"),
    "tipoffs_reading_by_cohort": ("Theo đợt tiếp nhận (tin nhận trong kỳ → vụ đã phá)",
                                  "By cohort (tips received in the period → cases solved)"),
    "tipoffs_reading_by_solved": ("Vụ phá trong kỳ (theo ngày phá, có tin báo dẫn tới)",
                                  "Cases solved in the period (by date solved, led to by a tip)"),
    "tipoffs_cases_per_100_tips": ("Vụ / 100 tin nhận trong kỳ", "Cases / 100 tips received in the period"),
    "tipoffs_other_ratio_short": ("tỷ số khác, không phải tỷ lệ chuyển hóa", "a different ratio, not the conversion rate"),
    "tipoffs_simulated": ("DỮ LIỆU MÔ PHỎNG", "SIMULATED DATA"),
    "tipoffs_other_ratio_note": (
        "Tỷ số «vụ phá trong kỳ / tin nhận trong kỳ» là một tỷ số KHÁC, dễ gây hiểu nhầm: vụ phá trong kỳ có thể "
        "xuất phát từ tin của các kỳ trước, và tin của kỳ này có thể dẫn tới vụ phá sau kỳ. Đây không phải tỷ lệ "
        "chuyển hóa tin báo; tỷ lệ chuyển hóa là cách đọc theo đợt tiếp nhận ở trên.",
        "“Cases solved in the period / tips received in the period” is a DIFFERENT, misleading ratio: cases "
        "solved in the period may come from earlier tips, and this period's tips may lead to cases solved later. "
        "It is not the tip conversion rate; the conversion rate is the cohort reading above."),
    # cohorts section
    "tipoffs_cohort_title": ("Tỷ lệ tin dẫn tới vụ đã phá theo đợt tiếp nhận", "Share of tips leading to a solved case, by cohort"),
    "tipoffs_within_days": ("trong {n} ngày", "within {n} days"),
    "tipoffs_solved_ever": ("đến ngày số liệu", "by the data date"),
    "tipoffs_incomplete": ("chưa trọn", "incomplete"),
    "tipoffs_incomplete_legend": ("Nét chấm, điểm rỗng:<br>đợt chưa trọn (chưa đủ<br>số ngày theo dõi)",
                                  "Dotted, open markers:<br>incomplete cohort (not yet<br>followed long enough)"),
    "tipoffs_share_of_tips": ("Tỷ lệ trên số tin tiếp nhận", "Share of tips received"),
    "tipoffs_tips_word": ("tin", "tips"),
    "tipoffs_cohort_note": (
        "Mỗi đợt gồm các tin nhận trong tháng/quý/năm đó; tỷ lệ = số tin dẫn tới vụ được phá trong vòng N ngày kể từ "
        "ngày nhận tin / số tin tiếp nhận của đợt. Đợt chưa trọn (nét chấm): ngày cuối của đợt cộng N ngày chưa tới "
        "ngày số liệu {d}, tỷ lệ còn tăng; «đến ngày số liệu» được coi là trọn khi đợt đã qua 1 năm. "
        "Điểm rỗng trên biểu đồ dân số: đợt chỉ nằm một phần trong kỳ.",
        "Each cohort is the tips received in that month/quarter/year; share = tips leading to a case solved within "
        "N days of the tip / tips received in the cohort. Incomplete cohorts (dotted): their last day plus N days "
        "is after the data date {d}, the share will still grow; “by the data date” counts as complete once a year "
        "has passed. Open markers on the population chart: cohort only partly inside the period."),
    "tipoffs_days_title": ("Số ngày từ khi nhận tin đến khi vụ được phá", "Days from tip to solved case"),
    "tipoffs_days_before": ("Phá trước khi nhận tin", "Solved before the tip"),
    "tipoffs_days_range": ("{a}–{b} ngày", "{a}–{b} days"),
    "tipoffs_days_over": ("Trên {n} ngày", "Over {n} days"),
    "tipoffs_days_axis": ("Số ngày (tính theo từng tin)", "Days (tip by tip)"),
    "tipoffs_tips_linked_solved": ("Số tin dẫn tới vụ đã phá", "Tips linked to a solved case"),
    "tipoffs_days_note": ("Tính theo từng tin: ngày phá vụ − ngày nhận tin. Trung vị nằm trong nhóm «{m}»; "
                          "{s} tin dẫn tới vụ đã phá.",
                          "Tip by tip: date solved − date received. The median lies in “{m}”; "
                          "{s} tips linked to a solved case."),
    "tipoffs_cohort_table": ("Số liệu theo đợt", "Figures by cohort"),
    "tipoffs_col_cohort": ("Đợt tiếp nhận", "Cohort"),
    "tipoffs_col_complete": ("Trạng thái", "Status"),
    "tipoffs_status_complete": ("đã trọn", "complete"),
    "tipoffs_status_open": ("chưa trọn ({w} ngày)", "incomplete ({w} days)"),
    "tipoffs_status_partial": ("một phần trong kỳ", "partly in the period"),
    # where section
    "tipoffs_map_title": ("{m} theo {lvl}", "{m} by {lvl}"),
    "tipoffs_funnelplot_title": ("Biểu đồ phễu: {m} so với số tin, giới hạn kiểm soát quanh tỷ lệ toàn quốc",
                                 "Funnel plot: {m} against volume, control limits around the national rate"),
    "tipoffs_limit_95": ("Giới hạn 95%", "95% limits"),
    "tipoffs_limit_998": ("Giới hạn 99,8%", "99.8% limits"),
    "tipoffs_national_rate": ("Toàn quốc: {r}", "National: {r}"),
    "tipoffs_scope_rate": ("Tỉnh đang xem: {r}", "This province: {r}"),
    "tipoffs_selection_rate": ("Chung: {r}", "Overall: {r}"),
    "tipoffs_flag_below_998": ("Thấp hơn rõ rệt (ngoài 99,8%)", "Clearly below (outside 99.8%)"),
    "tipoffs_flag_below_95": ("Thấp hơn (ngoài 95%)", "Below (outside 95%)"),
    "tipoffs_flag_within": ("Trong giới hạn (khác biệt có thể do ngẫu nhiên)", "Within limits (difference may be chance)"),
    "tipoffs_flag_above_95": ("Cao hơn (ngoài 95%)", "Above (outside 95%)"),
    "tipoffs_flag_above_998": ("Cao hơn rõ rệt (ngoài 99,8%)", "Clearly above (outside 99.8%)"),
    "tipoffs_flag_too_few": ("Quá ít tin để kết luận", "Too few tips to judge"),
    "tipoffs_funnelplot_note": (
        "Mỗi điểm là một địa bàn: trục ngang là số tin (thang log), trục dọc là tỷ lệ. Các đường giới hạn 95% và "
        "99,8% bao quanh tỷ lệ toàn quốc {p0} (xấp xỉ chuẩn của phân phối nhị thức: p0 ± z·√(p0(1−p0)/n)): "
        "địa bàn nằm ngoài giới hạn 99,8% mới thật sự thấp hơn/cao hơn toàn quốc; trong giới hạn thì khác biệt có "
        "thể chỉ do ít tin. Địa bàn có số kỳ vọng n·p0 < 5 không được xếp loại.",
        "Each point is an area: volume of tips across (log scale), rate up. The 95% and 99.8% limits surround the "
        "national rate {p0} (normal approximation to the binomial: p0 ± z·√(p0(1−p0)/n)): only areas outside the "
        "99.8% limits are truly below/above the country; inside, the difference may be due to few tips. Areas "
        "with an expected count n·p0 < 5 are not classified."),
    "tipoffs_per100k_note": (
        "Số tin tiếp nhận trong kỳ trên 100.000 dân. Dân số dùng làm mẫu số: {basis} — số của một năm, dùng cho mọi kỳ.",
        "Tips received in the period per 100,000 residents. Population used as denominator: {basis} — one year's "
        "figure, used for every period."),
    "tipoffs_per100k_fixed": (
        "Số dân của một năm, dùng cho mọi kỳ (không có chuỗi dân số theo năm); tỷ lệ quy về một năm theo số ngày "
        "của đợt trong kỳ.",
        "One year's population, used for every period (no yearly population series); the rate is annualised over "
        "the cohort's days inside the period."),
    "tipoffs_no_commune_population": (
        "Bộ dữ liệu này không có bảng dân số xã (commune_population); tỷ lệ trên 100.000 dân theo xã không tính được.",
        "This snapshot has no commune population table (commune_population); tips per 100,000 residents by commune "
        "cannot be computed."),
    "tipoffs_col_tips": ("Tin tiếp nhận", "Tips"),
    "tipoffs_col_valuable": ("Có giá trị", "Valuable"),
    "tipoffs_col_solved": ("Dẫn tới vụ đã phá", "Led to a solved case"),
    "tipoffs_col_population": ("Dân số", "Population"),
    "tipoffs_col_verdict": ("So với toàn quốc", "Against the country"),
    "tipoffs_area_table": ("Các địa bàn, yếu nhất trước (số đếm bên cạnh tỷ lệ)", "Areas, weakest first (counts beside rates)"),
    "tipoffs_verdict_counts": ("Thấp hơn rõ rệt: {b} · cao hơn rõ rệt: {a} · trong giới hạn hoặc chỉ ngoài 95%: {w} · "
                               "quá ít tin: {f}.",
                               "Clearly below: {b} · clearly above: {a} · within limits or outside 95% only: {w} · "
                               "too few tips: {f}."),
    "tipoffs_overdispersed": (
        "{n}/{m} địa bàn nằm ngoài giới hạn 99,8%: các địa bàn khác nhau nhiều hơn mức ngẫu nhiên (số tin lớn nên "
        "chênh lệch nhỏ cũng vượt giới hạn). Xem thêm độ lớn chênh lệch so với toàn quốc (cột điểm %) trước khi kết luận.",
        "{n}/{m} areas lie outside the 99.8% limits: areas differ more than chance would make them (with large "
        "volumes, small gaps cross the limits). Look at the size of the gap to the country (points column) too."),
    "tipoffs_col_gap": ("Chênh lệch so với toàn quốc (điểm %)", "Gap to the country (points)"),
    # works section
    "tipoffs_by_channel_title": ("Tỷ lệ tin dẫn tới vụ đã phá theo kênh tiếp nhận", "Share of tips leading to a solved case, by channel"),
    "tipoffs_by_category_title": ("Tỷ lệ tin dẫn tới vụ đã phá theo lĩnh vực", "Share of tips leading to a solved case, by category"),
    "tipoffs_heatmap_title": ("Kênh × lĩnh vực: tỷ lệ tin dẫn tới vụ đã phá và số tin", "Channel × category: conversion and tips"),
    "tipoffs_mix_title": ("Cơ cấu kênh tiếp nhận theo thời gian", "Channel mix over time"),
    "tipoffs_per100k_title": ("Tin báo trên 100.000 dân mỗi năm (quy năm)", "Tips per 100,000 residents per year (annualised)"),
    "tipoffs_per100k_axis": ("Tin / 100.000 dân / năm", "Tips / 100,000 residents / year"),
    "tipoffs_col_channel": ("Kênh tiếp nhận", "Channel"),
    "tipoffs_col_category": ("Lĩnh vực", "Category"),
    "tipoffs_col_solved_90": ("Dẫn tới vụ phá trong 90 ngày", "Solved within 90 days"),
    "tipoffs_population_basis": ("Dân số {scope}: {pop} người — cơ sở: {basis}.", "Population of {scope}: {pop} — basis: {basis}."),
    "tipoffs_basis_item": ("{basis} ({n} tỉnh)", "{basis} ({n} provinces)"),
    # periods section
    "tipoffs_periods_title": ("Kỳ này so với cùng kỳ năm trước", "This period against the same period last year"),
    "tipoffs_col_metric": ("Chỉ tiêu", "Measure"),
    "tipoffs_col_change": ("Thay đổi", "Change"),
    "tipoffs_col_note": ("Đọc được không?", "Can it be read?"),
    "tipoffs_now": ("Kỳ này ({p})", "This period ({p})"),
    "tipoffs_last": ("Cùng kỳ năm trước ({p})", "Same period last year ({p})"),
    "tipoffs_period_cases_solved": ("Vụ phá trong kỳ (theo ngày phá)", "Cases solved in the period (by date solved)"),
    "tipoffs_period_arrests": ("Đối tượng bị bắt (vụ phá trong kỳ)", "Arrests (cases solved in the period)"),
    "tipoffs_period_guns": ("Súng (vụ phá trong kỳ)", "Guns (cases solved in the period)"),
    "tipoffs_period_primitive_weapons": ("Vũ khí thô sơ (vụ phá trong kỳ)", "Primitive weapons (cases solved in the period)"),
    "tipoffs_rate_valuable": ("Tỷ lệ tin có giá trị", "Share of tips found valuable"),
    "tipoffs_rate_solved_of_valuable": ("Tỷ lệ tin có giá trị dẫn tới vụ đã phá", "Share of valuable tips leading to a solved case"),
    "tipoffs_points": ("điểm %", "points"),
    "tipoffs_note_small": ("⚠ Số quá nhỏ (cả hai kỳ < {n}): thay đổi không có ý nghĩa",
                           "⚠ Too small (both periods < {n}): the change means nothing"),
    "tipoffs_note_small_base": ("⚠ Mẫu số quá nhỏ (< {n})", "⚠ Base too small (< {n})"),
    "tipoffs_note_not_significant": ("⚠ Chưa đủ để kết luận (p = {p}): có thể do ngẫu nhiên",
                                     "⚠ Not conclusive (p = {p}): may be chance"),
    "tipoffs_note_readable": ("Khác biệt có ý nghĩa", "Significant change"),
    "tipoffs_periods_rule": (
        "Quy tắc đánh dấu: thay đổi của một số đếm không được đọc khi cả hai kỳ đều dưới {n}, hoặc khi kiểm định "
        "Poisson có điều kiện (với a + b cho trước, a ~ Nhị thức(a + b; 1/2)) cho p ≥ 0,05; thay đổi của một tỷ lệ "
        "(điểm %) dùng kiểm định hai tỷ lệ, p ≥ 0,05 thì chưa kết luận. Đối tượng bị bắt, vũ khí thường đi theo vụ "
        "nên dao động mạnh hơn mức kiểm định giả định: đọc thận trọng.",
        "Marking rule: a count's change is not read when both periods are below {n}, or when the conditional "
        "Poisson test (given a + b, a ~ Binomial(a + b, 1/2)) gives p ≥ 0.05; a rate's change (in points) uses the "
        "two-proportion test, p ≥ 0.05 is not conclusive. Arrests and weapons come in clusters per case and vary "
        "more than the test assumes: read them with care."),
    "tipoffs_periods_open": (
        "Theo đợt tiếp nhận, kỳ này được theo dõi ít ngày hơn cùng kỳ năm trước: số tin dẫn tới vụ đã phá, vụ đã phá "
        "của kỳ này còn tăng; so sánh «vụ phá trong kỳ» không bị ảnh hưởng.",
        "By cohort, this period has been followed for fewer days than last year's: its tips linked to solved cases "
        "and cases solved will still grow; the “cases solved in the period” comparison is not affected."),
    "tipoffs_download": ("Tải CSV", "Download CSV"),
    "tipoffs_source": ("tin báo, vụ việc (bảng tipoffs, cases)", "tip-offs and cases (tables tipoffs, cases)"),
}
