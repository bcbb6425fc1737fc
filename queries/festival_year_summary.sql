-- Festival (Ngày hội toàn dân bảo vệ ANTQ) by year: sites held in [$date_from, $date_to] in the area, showcase
-- sites (Ngày hội điểm), participants, communes that held one, and leaders attending by rank.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country),
--   $date_from, $date_to (DATE).
-- Returns one row per year: year, sites, showcase_sites, participants, communes_holding,
--   leaders_politburo, leaders_secretariat, leaders_cc_central, leaders_cc_provincial_secretary,
--   leaders_province_standing, leaders_district_standing.
-- Read from festival_days (antq/data/derived.py: festival sites per recorded commune, day and showcase, with
-- their participants and leaders; the same sums as festival_sites, a fraction of the rows).
WITH f AS (
    SELECT fs.*,
           CASE WHEN $map = '2025' THEN k.code_2025 ELSE k.code_2024 END AS map_commune
    FROM festival_days fs
    JOIN commune_keys k USING (admin_era, commune_code)
    WHERE fs.held_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
      AND ($province IS NULL
           OR (CASE WHEN $map = '2025' THEN k.province_2025 ELSE k.province_2024 END) = $province)
)
SELECT
    CAST(year AS INTEGER)                                         AS year,
    CAST(sum(sites) AS BIGINT)                                    AS sites,
    CAST(coalesce(sum(sites) FILTER (WHERE showcase), 0) AS BIGINT) AS showcase_sites,
    CAST(sum(participants) AS BIGINT)                             AS participants,
    count(DISTINCT map_commune)                                   AS communes_holding,
    CAST(sum(leaders_politburo) AS BIGINT)                        AS leaders_politburo,
    CAST(sum(leaders_secretariat) AS BIGINT)                      AS leaders_secretariat,
    CAST(sum(leaders_cc_central) AS BIGINT)                       AS leaders_cc_central,
    CAST(sum(leaders_cc_provincial_secretary) AS BIGINT)          AS leaders_cc_provincial_secretary,
    CAST(sum(leaders_province_standing) AS BIGINT)                AS leaders_province_standing,
    CAST(sum(leaders_district_standing) AS BIGINT)                AS leaders_district_standing
FROM f
GROUP BY year
ORDER BY year
