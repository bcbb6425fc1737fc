-- The festival sites behind a number: every site held in $year in the selection, placed on the
-- chosen map, with the commune it was recorded on.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country),
--   $year (INTEGER), $commune (commune code on that map; NULL = every commune),
--   $levels (VARCHAR[]: 'Tỉnh', 'Huyện', 'Xã', 'Thôn/Tổ dân phố'; empty list = every level),
--   $showcase_only (BOOLEAN: only showcase festivals, Ngày hội điểm),
--   $limit (BIGINT: at most this many rows; NULL = all of them, for the CSV download).
-- Returns one row per site: site_id, held_on, level, showcase, participants, the six leaders_*
--   columns, province_code, province_name, commune_code, commune_name (on the chosen map),
--   recorded_commune_code, recorded_commune_name, admin_era (as recorded), total_rows (how many
--   sites the selection holds, whatever $limit); showcase sites first, then by participants.
-- access: commune detail in commune_code
-- The selection is counted apart and ranked on its own columns; names are looked up for the rows
-- returned only: no window over every site of the year (the same rows, tests/queries/test_bench_round4.py).
WITH chosen AS (
    SELECT f.site_id, f.held_on, f.level, f.showcase, f.participants,
           f.leaders_politburo, f.leaders_secretariat, f.leaders_cc_central, f.leaders_cc_provincial_secretary,
           f.leaders_province_standing, f.leaders_district_standing,
           p.map_province_code, p.map_commune_code, f.commune_code AS recorded_commune_code, f.admin_era
    FROM festival_sites f
    JOIN placement p ON p.admin_era = f.admin_era AND p.commune_code = f.commune_code AND p.map = $map
    WHERE f.year = $year
      AND ($province IS NULL OR p.map_province_code = $province)
      AND ($commune IS NULL OR p.map_commune_code = $commune)
      AND in_selection($levels, f.level)
      AND (NOT $showcase_only OR f.showcase)
), top AS (
    SELECT * FROM chosen ORDER BY showcase DESC, participants DESC, site_id LIMIT $limit
)
SELECT x.site_id, x.held_on, x.level, x.showcase, x.participants,
       x.leaders_politburo, x.leaders_secretariat, x.leaders_cc_central, x.leaders_cc_provincial_secretary,
       x.leaders_province_standing, x.leaders_district_standing,
       x.map_province_code AS province_code, pr.province_name,
       x.map_commune_code AS commune_code, c.commune_name,
       x.recorded_commune_code, rc.commune_name AS recorded_commune_name, x.admin_era,
       (SELECT count(*) FROM chosen) AS total_rows
FROM top x
LEFT JOIN provinces pr ON pr.map = $map AND pr.province_code = x.map_province_code
LEFT JOIN communes c ON c.map = $map AND c.commune_code = x.map_commune_code
LEFT JOIN communes rc ON rc.map = x.admin_era AND rc.commune_code = x.recorded_commune_code
ORDER BY x.showcase DESC, x.participants DESC, x.site_id
