-- Festival (Ngày hội) of one year per area of the chosen map, with the year before beside it: by
-- province for the whole country, by commune inside one province.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country),
--   $year (INTEGER; the year before is $year - 1).
-- Communes are counted in the units the year was recorded on (admin_era of its rows: the 10,040 old
-- communes up to 2024, the 3,321 new ones from 2025), each placed on the chosen map, so the share
-- of communes that held one and every national total are the same on both maps. Population is the
-- snapshot's commune estimate (commune_population.population_est of those units, summed per area;
-- its basis is returned). No data is not zero: an area gets NULL counts when its province reported
-- no site that year, or when no recorded commune lands on it (2025 data on the old commune map).
-- Returns one row per area: area_code, area_name, then for $year: sites, showcase_sites,
--   participants, population, communes_total, communes_held; the same prefixed prev_ for $year - 1;
--   national_sites, national_participants, national_population, prev_national_sites,
--   prev_national_population (whole country, same basis); population_basis.
-- access: commune detail in area_code
WITH per_unit AS (
    SELECT year, admin_era, commune_code, CAST(sum(sites) AS BIGINT) AS sites,
           CAST(coalesce(sum(sites) FILTER (WHERE showcase), 0) AS BIGINT) AS showcase_sites,
           sum(participants) AS participants
    FROM festival_days  -- antq/data/derived.py: festival_sites summed per commune, day and showcase
    WHERE year IN ($year - 1, $year)
    GROUP BY year, admin_era, commune_code
), eras AS (
    SELECT DISTINCT year, admin_era FROM per_unit
), units AS (
    -- every recorded commune of each year, placed on the map, with what it held (0 if nothing)
    SELECT e.year, p.map_province_code, p.map_commune_code,
           coalesce(u.sites, 0) AS sites, coalesce(u.showcase_sites, 0) AS showcase_sites,
           coalesce(u.participants, 0) AS participants, cp.population_est AS population, cp.basis
    FROM eras e
    JOIN placement p ON p.admin_era = e.admin_era AND p.map = $map
    LEFT JOIN per_unit u ON u.year = e.year AND u.admin_era = p.admin_era AND u.commune_code = p.commune_code
    LEFT JOIN commune_population cp ON cp.admin_era = p.admin_era AND cp.commune_code = p.commune_code
), national AS (
    SELECT year, sum(sites) AS sites, sum(participants) AS participants, sum(population) AS population
    FROM units GROUP BY year
), agg AS (
    SELECT year,
           CASE WHEN $province IS NULL THEN map_province_code ELSE map_commune_code END AS area_code,
           sum(sites) AS sites, sum(showcase_sites) AS showcase_sites, sum(participants) AS participants,
           sum(population) AS population, count(*) AS communes_total,
           count(*) FILTER (WHERE sites > 0) AS communes_held, bool_or(reported) AS reported
    FROM (SELECT *, sum(sites) OVER (PARTITION BY year, map_province_code) > 0 AS reported FROM units) r
    WHERE $province IS NULL OR map_province_code = $province
    GROUP BY ALL
), cur AS (
    SELECT * FROM agg WHERE year = $year AND reported
), prev AS (
    SELECT * FROM agg WHERE year = $year - 1 AND reported
)
SELECT a.area_code, a.area_name,
       CAST(cur.sites AS BIGINT) AS sites, CAST(cur.showcase_sites AS BIGINT) AS showcase_sites,
       CAST(cur.participants AS BIGINT) AS participants, CAST(cur.population AS BIGINT) AS population,
       cur.communes_total, cur.communes_held,
       CAST(prev.sites AS BIGINT) AS prev_sites, CAST(prev.showcase_sites AS BIGINT) AS prev_showcase_sites,
       CAST(prev.participants AS BIGINT) AS prev_participants, CAST(prev.population AS BIGINT) AS prev_population,
       prev.communes_total AS prev_communes_total, prev.communes_held AS prev_communes_held,
       CAST(n.sites AS BIGINT) AS national_sites, CAST(n.participants AS BIGINT) AS national_participants,
       CAST(n.population AS BIGINT) AS national_population,
       CAST(np.sites AS BIGINT) AS prev_national_sites, CAST(np.population AS BIGINT) AS prev_national_population,
       (SELECT any_value(basis) FROM units) AS population_basis
FROM areas_of($map, $province) a
LEFT JOIN cur ON cur.area_code = a.area_code
LEFT JOIN prev ON prev.area_code = a.area_code
LEFT JOIN national n ON n.year = $year
LEFT JOIN national np ON np.year = $year - 1
ORDER BY a.area_code
