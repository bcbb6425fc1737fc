"""Interface text in Vietnamese (first) and English (the switch).

`t(key, lang)` returns the text; a key missing from the table is returned as is, so a
forgotten translation shows up on screen instead of failing (the tests check the table).
The frame's text is here; each page keeps its own in `antq/features/<page>/texts.py` (a dict `TEXT`
of key -> (vi, en)), merged on first use.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

LANGS = ("vi", "en")

TEXT: dict[str, tuple[str, str]] = {
    # app frame
    "app_title": ("Toàn dân bảo vệ an ninh Tổ quốc", "All people protect national security"),
    "app_subtitle": ("Bảng theo dõi phong trào", "Movement dashboard"),
    "page_overview": ("Tổng quan", "Overview"),
    "page_models": ("Mô hình", "Models"),
    "page_tipoffs": ("Tin báo → phá án", "Tip-offs → solved cases"),
    "page_festival": ("Ngày hội", "Festival"),
    "page_compare": ("So sánh địa phương", "Compare localities"),
    "page_data": ("Dữ liệu", "Data"),
    "sidebar_snapshot": ("Bộ dữ liệu (snapshot)", "Data snapshot"),
    "sidebar_from": ("Từ ngày", "From"),
    "sidebar_to": ("Đến ngày", "To"),
    "sidebar_map": ("Bản đồ hành chính", "Administrative map"),
    "map_2025": ("Sau 1/7/2025 (34 tỉnh, thành)", "Since 1/7/2025 (34 provinces)"),
    "map_2024": ("Trước 1/7/2025 (63 tỉnh, thành)", "Before 1/7/2025 (63 provinces)"),
    "sidebar_scope": ("Phạm vi", "Scope"),
    "whole_country": ("Toàn quốc", "Whole country"),
    "sidebar_lang": ("English", "English"),
    "share_link": ("Liên kết của khung nhìn này", "Link to this view"),
    "banner_simulated": (
        "DỮ LIỆU MÔ PHỎNG — bộ dữ liệu «{id}» được sinh tự động để trình diễn, hiệu chỉnh theo số liệu "
        "đã công bố; không phải số liệu thực tế.",
        "SIMULATED DATA — snapshot “{id}” was generated for demonstration, calibrated to published "
        "figures; these are not real figures."),
    "data_date": ("Số liệu đến ngày {d}", "Data up to {d}"),
    "no_snapshot": (
        "Chưa có bộ dữ liệu hợp lệ nào trong {dir}. Chạy: python -m antq setup",
        "No valid snapshot in {dir}. Run: python -m antq setup"),
    "bad_snapshot": ("Bộ dữ liệu «{id}» bị từ chối: {why}", "Snapshot “{id}” refused: {why}"),
    "fallback_snapshot": ("Đang dùng bộ dữ liệu hợp lệ mới nhất: «{id}».", "Using the newest good snapshot: “{id}”."),
    "bad_param": ("Tham số «{name}={value}» trong địa chỉ không hợp lệ; dùng mặc định.",
                  "URL parameter “{name}={value}” is not valid; using the default."),
    "period_swapped": ("Ngày bắt đầu sau ngày kết thúc; đã đổi chỗ hai ngày.",
                       "The start date was after the end date; the two were swapped."),
    "province_not_on_map": ("Tỉnh «{code}» không có trên bản đồ đã chọn; đã chuyển sang {name}.",
                            "Province “{code}” is not on the chosen map; switched to {name}."),
    # map
    "no_data": ("Không có số liệu", "No data"),
    "islands_note": ("Bản đồ thể hiện quần đảo Hoàng Sa và Trường Sa của Việt Nam.",
                     "The map shows Vietnam's Hoàng Sa (Paracel) and Trường Sa (Spratly) archipelagos."),
    "click_province": ("Bấm vào một tỉnh trên bản đồ để xem các xã, phường của tỉnh đó.",
                       "Click a province on the map to open its communes."),
    "back_to_country": ("← Toàn quốc", "← Whole country"),
    "map_fullscreen": ("Mở bản đồ toàn màn hình", "Open the map full screen"),
    # the quick controls atop the page on a phone (antq/view/quickbar.py)
    "quick_controls": ("Kỳ, phạm vi, bản đồ", "Period, scope, map"),
    "quick_period": ("Kỳ", "Period"),
    "quick_year": ("Năm {y}", "Year {y}"),
    "quick_year_to_date": ("Năm {y} (đến {d})", "{y} (to {d})"),
    "quick_more": ("Ngày bắt đầu, kết thúc tùy chọn và bộ dữ liệu: mở thanh bên (» góc trên bên trái).",
                   "Any start and end date, and the snapshot: open the sidebar (» at the top left)."),
    # data page
    "data_title": ("Dữ liệu", "Data"),
    "snapshots_present": ("Các bộ dữ liệu hiện có", "Snapshots present"),
    "active_manifest": ("Bảng kê (manifest) của bộ dữ liệu đang dùng", "Manifest of the active snapshot"),
    "columns_meaning": ("Các bảng và ý nghĩa từng cột", "Tables and the meaning of each column"),
    "seed_checks": ("Đối chiếu với số liệu đã công bố", "Check against published figures"),
    "col_table": ("Bảng", "Table"),
    "col_rows": ("Số dòng", "Rows"),
    "col_file": ("Tệp", "File"),
    "col_sha": ("sha256", "sha256"),
    "col_status": ("Trạng thái", "Status"),
    "col_id": ("Mã", "Id"),
    "col_kind": ("Loại", "Kind"),
    "col_created": ("Tạo lúc", "Created"),
    "col_data_date": ("Số liệu đến", "Data up to"),
    "status_ok": ("Hợp lệ", "Valid"),
    "status_bad": ("Bị từ chối", "Refused"),
    "active": ("đang dùng", "active"),
    "col_column": ("Cột", "Column"),
    "col_period": ("Kỳ", "Period"),
    "col_metric": ("Chỉ tiêu", "Metric"),
    "col_published": ("Số đã công bố", "Published"),
    "col_in_snapshot": ("Trong bộ dữ liệu", "In the snapshot"),
    "seed_checks_note": (
        "Mỗi số liệu trong các bài báo gốc được tính lại qua cùng các truy vấn của bảng điều khiển trên bộ dữ liệu đang dùng. "
        "Với số \"hơn\"/\"gần\", giá trị đạt khi bằng hoặc cao hơn tối đa 1%.",
        "Every figure of the seed articles recomputed through the dashboard's own queries on the active snapshot. "
        "\"More than\"/\"about\" figures pass at the figure or up to 1% above."),
    "col_type": ("Kiểu", "Type"),
    "col_meaning": ("Ý nghĩa", "Meaning"),
    # overview (frame version)
    "overview_title": ("Tổng quan phong trào", "The movement at a glance"),
    "metric_tips": ("Tin báo tiếp nhận", "Tips received"),
    "metric_valuable": ("Tin có giá trị", "Valuable tips"),
    "metric_sites_active": ("Điểm mô hình đang hoạt động", "Active model sites"),
    "metric_communes_covered": ("Xã có mô hình", "Communes with a model"),
    "metric_festival_sites": ("Điểm tổ chức Ngày hội", "Festival sites"),
    "tips_per_100k": ("Tin báo / 100.000 dân", "Tips per 100,000 residents"),
    "province": ("Tỉnh, thành", "Province"),
    "commune": ("Xã, phường", "Commune"),
    "vs_last_year": ("so với cùng kỳ năm trước", "vs the same period last year"),
    "coming_soon": ("Trang này đang được xây dựng.", "This page is being built."),
    "export_simulated": ("Dữ liệu mô phỏng", "Simulated data"),
    "export_time": ("Xuất lúc {at}", "Exported {at}"),
    "export_by": ("người xuất: {user}", "by {user}"),
    "source_only": ("Nguồn: {src}", "Source: {src}"),
    "source_footer": ("Nguồn: {src} · Bộ dữ liệu «{id}», số liệu đến {d}", "Source: {src} · Snapshot “{id}”, data up to {d}"),
    # exports of a chart (antq/view/ui.py chart/downloads) and the briefing pack (antq/view/sidebar.py)
    "export_source_default": ("số liệu phong trào Toàn dân bảo vệ ANTQ (Bộ Công an)",
                              "ANTQ movement data (Ministry of Public Security)"),
    "export_menu": ("Tải về", "Download"),
    "error_shown": ("Trang gặp lỗi và chưa hiển thị được. Mã lỗi: **{id}** — hãy báo mã này cho quản trị viên; "
                    "các trang khác vẫn dùng được.",
                    "This page ran into an error. Error id: **{id}** — please give it to the administrator; "
                    "the other pages still work."),
    "gate_denied": ("Tài khoản của bạn không có quyền tải tệp «{file}».", "Your account may not download “{file}”."),
    "export_table_csv": ("Tải bảng (CSV)", "Download the table (CSV)"),
    "export_table_xlsx": ("Tải bảng (Excel)", "Download the table (Excel)"),
    "export_png_slide": ("Ảnh PNG trình chiếu 16:9 ({w}×{h})", "PNG for a 16:9 slide ({w}×{h})"),
    "export_png_report": ("Ảnh PNG nửa trang báo cáo ({w}×{h})", "PNG for half a report page ({w}×{h})"),
    "export_svg_slide": ("Ảnh SVG trình chiếu 16:9", "SVG for a 16:9 slide"),
    "export_svg_report": ("Ảnh SVG nửa trang báo cáo", "SVG for half a report page"),
    "export_csv": ("Dữ liệu của biểu đồ (CSV)", "Data behind the chart (CSV)"),
    "export_xlsx": ("Dữ liệu của biểu đồ (Excel)", "Data behind the chart (Excel)"),
    "export_add_pack": ("Thêm vào gói báo cáo", "Add to the briefing pack"),
    "export_col_code": ("Mã", "Code"),
    "export_col_population": ("Dân số", "Population"),
    "export_col_communes": ("Tổng số xã, phường", "Communes in all"),
    "export_title_by_area": ("{label} theo {level}", "{label} by {level}"),
    "export_year": ("Năm {year}", "Year {year}"),
    "export_years": ("Các năm {a}–{b}", "Years {a}–{b}"),
    "export_year_marked": ("năm {year} tô đậm", "{year} highlighted"),
    "export_chosen": ("Tỉnh đang so sánh", "Provinces compared"),
    "pack_header": ("Gói báo cáo", "Briefing pack"),
    "pack_count": ("{n} biểu đồ", "{n} charts"),
    "pack_empty": ("Đánh dấu «Thêm vào gói báo cáo» dưới các biểu đồ (ở bất kỳ trang nào) để tải chúng thành một tệp "
                   "PowerPoint hoặc PDF.",
                   "Tick “Add to the briefing pack” under charts (on any page) to download them as one PowerPoint or PDF."),
    "pack_pptx": ("Tải gói PowerPoint (PPTX)", "Download the pack as PowerPoint (PPTX)"),
    "pack_pdf": ("Tải gói PDF", "Download the pack as PDF"),
    "pack_clear": ("Xóa gói", "Clear the pack"),
    # python -m antq export (antq/cli/export.py): Vietnamese messages of the command line
    "export_bad_param": ("Tham số «{name}={value}» không hợp lệ.", "Parameter “{name}={value}” is not valid."),
    "export_known": ("Các giá trị có: {values}.", "Known values: {values}."),
    "export_date_range": ("Ngày phải theo dạng YYYY-MM-DD, từ {a} đến {b}.", "A date must be YYYY-MM-DD, from {a} to {b}."),
    "export_province_not_on_map": ("Mã tỉnh không có trên bản đồ {map}.", "The province code is not on map {map}."),
    "export_no_page": ("Trang «/{page}» không có biểu đồ để xuất; các trang có: {pages}.",
                       "Page “/{page}” has no chart to export; pages with charts: {pages}."),
    "export_unused_param": ("Tham số «{name}» không được trang này dùng; bỏ qua.", "Parameter “{name}” is not used by this page; ignored."),
    "export_bad_kind": ("Không xuất được tệp «{kind}»: đuôi tệp phải là một trong {kinds}.",
                        "Cannot write a “{kind}” file: the extension must be one of {kinds}."),
    "export_bad_size": ("Cỡ «{size}» không có; dùng slide hoặc report.", "Size “{size}” does not exist; use slide or report."),
    "export_step_view": ("[1/3] Đọc khung nhìn {url}", "[1/3] Reading the view {url}"),
    "export_step_chart": ("[2/3] Dựng biểu đồ «{title}» ({s} s)", "[2/3] Built the chart “{title}” ({s} s)"),
    "export_step_write": ("[3/3] Xuất {what}…", "[3/3] Writing {what}…"),
    "export_done": ("Đã ghi {path} ({kb} KB) sau {s} s.", "Wrote {path} ({kb} KB) in {s} s."),
    "export_failed": ("Không xuất được: {why}", "Export failed: {why}"),
    "export_cli_help": ("Xuất biểu đồ chính của một khung nhìn (đường dẫn trang và chuỗi tham số) thành ảnh có chú thích, "
                        "dữ liệu (CSV, XLSX) hoặc PPTX/PDF, theo đuôi tệp.",
                        "Export the main chart of a view (page path and query string) as a captioned image, data (CSV, XLSX) "
                        "or PPTX/PDF, by the file's extension."),
    "export_cli_url": ("đường dẫn trang và chuỗi tham số, ví dụ \"/overview?map=2024&province=74\"",
                       "page path and query string, e.g. \"/overview?map=2024&province=74\""),
    "export_cli_out": ("tệp sẽ ghi: .png .svg .pdf .csv .xlsx .pptx", "file to write: .png .svg .pdf .csv .xlsx .pptx"),
    "export_cli_size": ("cỡ ảnh: slide (1920×1080) hoặc report (1500×900, nửa trang A4)",
                        "image size: slide (1920×1080) or report (1500×900, half an A4 page)"),
}


TEXT_MODULES = ("antq.auth.texts", *(f"antq.features.{f}.texts" for f in
                                       ("overview", "models", "tipoffs", "festival", "compare", "data", "report")))


@lru_cache(maxsize=1)
def all_text() -> dict[str, tuple[str, str]]:
    """The frame's text plus sign-in's and every page's (antq/features/<page>/texts.py), checked for
    clashing keys."""
    merged = dict(TEXT)
    for name in TEXT_MODULES:
        page_text = importlib.import_module(name).TEXT
        clash = merged.keys() & page_text.keys()
        if clash:
            raise KeyError(f"{name} redefines {sorted(clash)}")
        merged.update(page_text)
    return merged


def t(key: str, lang: str = "vi", **fmt) -> str:
    pair = all_text().get(key)
    text = key if pair is None else pair[1 if lang == "en" else 0]
    return text.format(**fmt) if fmt else text
