"""Text of the "Báo cáo" page and the report it drafts (keys prefixed report_)."""

TEXT = {
    "page_report": ("Báo cáo", "Report"),
    # the heading block
    "report_ministry": ("BỘ CÔNG AN", "MINISTRY OF PUBLIC SECURITY"),
    "report_unit_national": ("CỤC XÂY DỰNG PHONG TRÀO BẢO VỆ AN NINH TỔ QUỐC",
                             "DEPARTMENT FOR THE MOVEMENT TO PROTECT NATIONAL SECURITY"),
    "report_unit_city": ("CÔNG AN THÀNH PHỐ {name}", "{name} CITY POLICE"),
    "report_unit_province": ("CÔNG AN TỈNH {name}", "{name} PROVINCIAL POLICE"),
    "report_unit_national_words": ("Cục Xây dựng phong trào bảo vệ an ninh Tổ quốc",
                                   "The Department for the movement to protect national security"),
    "report_unit_city_words": ("Công an thành phố {name}", "{name} city police"),
    "report_unit_province_words": ("Công an tỉnh {name}", "{name} provincial police"),
    "report_country": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "report_motto": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "report_number_national": ("Số: …/BC-V05", "No.: …/BC-V05"),
    "report_number_province": ("Số: …/BC-CAT", "No.: …/BC-CAT"),
    "report_place_date": ("{place}, ngày {d} tháng {m} năm {y}", "{place}, {y}-{m}-{d}"),
    "report_title": ("BÁO CÁO", "REPORT"),
    "report_subject": ("Kết quả thực hiện phong trào “Toàn dân bảo vệ an ninh Tổ quốc” {period} {scope}",
                       "Results of the movement “All people protect national security” {period} {scope}"),
    "report_scope_national": ("trên toàn quốc", "nationwide"),
    "report_scope_province": ("trên địa bàn {name}", "in {name}"),
    "report_period_year": ("năm {y}", "in {y}"),
    "report_period_half": ("6 tháng đầu năm {y}", "in the first half of {y}"),
    "report_period_quarter": ("quý {q} năm {y}", "in quarter {q} of {y}"),
    "report_period_month": ("tháng {m} năm {y}", "in {m}/{y}"),
    "report_period_range": ("từ ngày {a} đến ngày {b}", "from {a} to {b}"),
    "report_intro": ("Thực hiện chế độ báo cáo định kỳ, {unit} báo cáo kết quả thực hiện phong trào “Toàn dân bảo vệ "
                     "an ninh Tổ quốc” {period} {scope} (số liệu đến ngày {d}) như sau:",
                     "As periodic reporting requires, {unit} reports the results of the movement {period} {scope} "
                     "(data up to {d}):"),
    # parts and items
    "report_part_results": ("I. KẾT QUẢ THỰC HIỆN", "I. RESULTS"),
    "report_part_limits": ("II. HẠN CHẾ, TỒN TẠI", "II. SHORTCOMINGS"),
    "report_part_plans": ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "III. DIRECTIONS AND TASKS AHEAD"),
    "report_item_propaganda": ("Công tác tuyên truyền, vận động", "Propaganda and mobilisation"),
    "report_item_models": ("Xây dựng, nhân rộng mô hình, cách làm hay", "Models and good practices"),
    "report_item_tipoffs": ("Tiếp nhận nguồn tin, đấu tranh phòng, chống tội phạm", "Tip-offs and solved cases"),
    "report_item_festival": ("Tổ chức Ngày hội “Toàn dân bảo vệ an ninh Tổ quốc”", "The festival"),
    "report_item_table": ("Kết quả theo địa phương", "Results by locality"),
    "report_item_unreported": ("Địa phương chưa gửi đủ báo cáo", "Localities that did not report"),
    "report_item_drops": ("Sụt giảm vượt giới hạn kiểm soát", "Drops beyond control limits"),
    "report_item_laggards": ("Địa phương có độ phủ mô hình thấp", "Laggards in model coverage"),
    "report_plan_1": ("Mục tiêu, chỉ tiêu", "Objectives and targets"),
    "report_plan_2": ("Nhiệm vụ, giải pháp trọng tâm", "Key tasks and measures"),
    "report_plan_3": ("Kiến nghị, đề xuất", "Recommendations"),
    # sentences: figures are inserted already formatted
    "report_s_propaganda": ("Tổ chức {sessions} buổi tuyên truyền{cmp}, với {participants} lượt người tham gia.",
                            "Held {sessions} propaganda sessions with {participants} participants{cmp}."),
    "report_s_commitments": ("Vận động {families} gia đình và {students} học sinh, sinh viên ký cam kết không sử dụng, "
                             "tàng trữ vũ khí, vật liệu nổ, pháo và đèn trời.",
                             "{families} families and {students} pupils and students signed the commitment."),
    "report_s_implemented": ("Triển khai thực hiện {n} mô hình, cách làm hay{cmp}; đến ngày {d} có {eff} mô hình đang thực "
                             "hiện có hiệu quả.",
                             "{n} models and good practices implemented{cmp}; {eff} effective at {d}."),
    "report_s_covered_all": ("Đến ngày {d}, {covered}/{total} địa bàn cấp xã có ít nhất một mô hình đang hoạt động ({share}).",
                             "At {d}, {covered} of {total} communes had at least one active model ({share})."),
    "report_s_covered_type": ("Mô hình “{name}” được triển khai tại {n} địa bàn cấp xã.",
                              "The model “{name}” covers {n} communes."),
    "report_s_tips": ("Quần chúng nhân dân cung cấp {tips} nguồn tin, trong đó {valuable} nguồn tin có giá trị{cmp}.",
                      "Citizens gave {tips} tips, {valuable} of them valuable{cmp}."),
    "report_s_solved": ("Từ nguồn tin có giá trị, điều tra, khám phá {cases} vụ{cmp}; bắt {arrests} đối tượng; thu gom {guns} "
                        "súng các loại, {weapons} vũ khí thô sơ, hung khí các loại.",
                        "From valuable tips, {cases} cases solved, {arrests} suspects arrested; {guns} guns and {weapons} "
                        "primitive weapons collected{cmp}."),
    "report_s_days": ("Thời gian trung vị từ khi tiếp nhận nguồn tin đến khi phá án là {days} ngày.",
                      "Median time from tip to solution: {days} days."),
    "report_s_festival": ("Tổ chức Ngày hội tại {sites} điểm{cmp}, trong đó {showcase} điểm tổ chức Ngày hội điểm, với {participants} "
                          "lượt người tham gia.",
                          "The festival was held at {sites} sites, {showcase} of them showcase sites, with {participants} "
                          "participants{cmp}."),
    "report_s_leaders": ("Dự Ngày hội tại cơ sở có {politburo} đồng chí Ủy viên Bộ Chính trị, {secretariat} đồng chí Ủy viên "
                         "Ban Bí thư, {cc} đồng chí Ủy viên Trung ương Đảng thuộc các ban, bộ, ngành Trung ương, {ccp} đồng chí "
                         "Ủy viên Trung ương Đảng là Bí thư Tỉnh ủy, Thành ủy, {prov} đồng chí trong Ban Thường vụ Tỉnh ủy, "
                         "Thành ủy và {dist} đồng chí trong Ban Thường vụ Huyện ủy.",
                         "Attending: {politburo} Politburo, {secretariat} Secretariat, {cc} Central Committee members of "
                         "central agencies, {ccp} provincial party secretaries, {prov} provincial and {dist} district "
                         "standing committee members."),
    "report_s_none": ("Trong kỳ không có số liệu.", "No figures in the period."),
    # the comparison with the same period last year (the overview's rule, stated in the appendix)
    "report_cmp_up": (", tăng {pct} ({diff}) so với cùng kỳ năm trước", ", up {pct} ({diff}) on last year"),
    "report_cmp_down": (", giảm {pct} ({diff}) so với cùng kỳ năm trước", ", down {pct} ({diff}) on last year"),
    "report_cmp_same": (", tương đương cùng kỳ năm trước ({before})", ", about the same as last year ({before})"),
    "report_cmp_small": (" (cùng kỳ năm trước: {before})", " (last year: {before})"),
    "report_cmp_rule": ("So sánh với cùng kỳ năm trước: chênh lệch nhỏ hơn 2·√(a + b) (dao động ngẫu nhiên của số đếm) được "
                        "ghi là «tương đương»; số đếm dưới {n} không tính tỷ lệ phần trăm; chỉ so sánh khi kỳ báo cáo "
                        "không dài quá một năm và dữ liệu có cùng kỳ năm trước.",
                        "Against the same period last year: a change below 2·√(a + b) is «about the same»; counts under "
                        "{n} are not turned into percentages; compared only for periods up to a year with a base."),
    # II. limits
    "report_l_unreported_none": ("{complete}/{total} địa phương gửi đủ báo cáo hằng tháng của kỳ.",
                                 "{complete} of {total} localities sent every monthly report."),
    "report_l_unreported": ("{complete}/{total} địa phương gửi đủ báo cáo hằng tháng của kỳ ({months} tháng). Chưa gửi báo "
                            "cáo: {none}. Gửi chưa đủ: {partial}.",
                            "{complete} of {total} localities sent every monthly report ({months} months). None: {none}. "
                            "Incomplete: {partial}."),
    "report_l_drops_none": ("Không có địa phương nào có số nguồn tin có giá trị giảm vượt giới hạn kiểm soát so với cùng kỳ.",
                            "No locality's valuable tips fell beyond the control limits."),
    "report_l_drops": ("Số nguồn tin có giá trị giảm vượt giới hạn kiểm soát (2·√(a + b)) so với cùng kỳ năm trước: {items}.",
                       "Valuable tips fell beyond the control limits against last year: {items}."),
    "report_l_drops_nobase": ("Không có cùng kỳ năm trước để so sánh.", "No same period last year to compare with."),
    "report_l_laggards": ("Độ phủ mô hình thấp nhất (địa bàn cấp xã có mô hình đang hoạt động / tổng số): {items}.",
                          "Lowest model coverage (communes with an active model / all): {items}."),
    "report_l_no_model": ("{n}/{total} xã, phường chưa có mô hình đang hoạt động: {items}.",
                          "{n} of {total} communes have no active model: {items}."),
    "report_l_no_model_none": ("Tất cả {total} xã, phường đều có mô hình đang hoạt động.",
                               "All {total} communes have an active model."),
    "report_more": ("và {n} địa phương khác", "and {n} more"),
    "report_plan_blank": ("…", "…"),
    # table, charts, appendix, footer
    "report_col_area_province": ("Tỉnh, thành", "Province"),
    "report_col_area_commune": ("Xã, phường", "Commune"),
    "report_col_sessions": ("Buổi tuyên truyền", "Propaganda sessions"),
    "report_col_covered": ("Xã có mô hình", "Communes with a model"),
    "report_col_valuable": ("Tin có giá trị", "Valuable tips"),
    "report_col_solved": ("Tin dẫn tới vụ đã phá", "Tips to solved cases"),
    "report_col_festival": ("Điểm Ngày hội", "Festival sites"),
    "report_col_total": ("Tổng cộng", "Total"),
    "report_table_title": ("Bảng 1. Kết quả chủ yếu theo địa phương", "Table 1. Key results by locality"),
    "report_chart_title": ("Hình {n}. {title}", "Figure {n}. {title}"),
    "report_appendix": ("PHỤ LỤC: NGUỒN SỐ LIỆU", "APPENDIX: SOURCES OF THE FIGURES"),
    "report_appendix_note": ("Mỗi câu có số liệu trong báo cáo được tính bằng truy vấn có tên dưới đây với các tham số đã "
                             "nêu (thư mục queries/), trên bộ dữ liệu {snap}.",
                             "Each sentence with figures comes from the named query below with its parameters "
                             "(queries/), on snapshot {snap}."),
    "report_col_sentence": ("Câu", "Sentence"),
    "report_col_query": ("Truy vấn", "Query"),
    "report_col_params": ("Tham số", "Parameters"),
    "report_footer": ("Bộ dữ liệu {snap} · số liệu đến {d} · {user} · lập lúc {at}",
                      "Snapshot {snap} · data up to {d} · {user} · made {at}"),
    "report_simulated": ("DỮ LIỆU MÔ PHỎNG — không dùng cho báo cáo chính thức", "SIMULATED DATA — not for official reports"),
    "report_recipients": ("Nơi nhận:", "Recipients:"),
    "report_signer": ("THỦ TRƯỞNG ĐƠN VỊ", "HEAD OF UNIT"),
    # the command and the page
    "report_incomplete": ("Số liệu của kỳ báo cáo chưa đầy đủ: kỳ {a} – {b} nhưng bộ dữ liệu {snap} chỉ có số liệu từ {s} "
                          "đến {d}. Hãy chọn kỳ kết thúc không muộn hơn {d}.",
                          "The period's data is incomplete: {a} – {b}, but snapshot {snap} covers {s} to {d}."),
    "report_cli_help": ("Soạn báo cáo định kỳ (Word) của một chế độ xem", "Draft the periodic report (Word) of a view"),
    "report_cli_out": ("Tệp .docx, hoặc thư mục (tên tệp tự đặt)", "A .docx file, or a folder"),
    "report_not_docx": ("Tệp kết quả phải có đuôi .docx hoặc là một thư mục: {out}", "The output must be .docx or a folder: {out}"),
    "report_done": ("Đã ghi {path} ({kb} KB, {s} s).", "Wrote {path} ({kb} KB, {s} s)."),
    "report_failed": ("Không soạn được báo cáo: {why}", "Could not draft the report: {why}"),
    "report_step": ("Đang soạn báo cáo: {what}", "Drafting: {what}"),
    "report_page_intro": ("Bản nháp báo cáo sơ kết, tổng kết của kỳ và phạm vi đang chọn ở thanh bên, theo thể thức văn bản "
                          "hành chính; cán bộ chỉnh sửa, bổ sung phần III rồi trình ký.",
                          "A draft of the periodic report for the period and scope chosen in the sidebar; edit it, "
                          "complete part III and sign."),
    "report_with_charts": ("Kèm bản đồ, biểu đồ", "Include maps and charts"),
    "report_download": ("Tải báo cáo (Word)", "Download the report (Word)"),
    "report_preview": ("Xem trước nội dung", "Preview"),
}
