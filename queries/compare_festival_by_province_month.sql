-- Festival sites and participants per province and month of the chosen map over [$date_from, $date_to]
-- (festivals are held in August: a trailing 12-month sum is the year's festival), for every province.
-- Parameters: $map ('2024' | '2025'), $date_from, $date_to (DATE).
-- Returns one row per province and month with a festival: province_code, month (DATE, first day),
--   festival_sites, showcase_sites, participants.
-- Read from festival_days (antq/data/derived.py: festival sites per recorded commune, day and showcase, with
-- their participants and leaders; the same sums as festival_sites, a fraction of the rows).
SELECT p.map_province_code AS province_code, CAST(date_trunc('month', f.held_on) AS DATE) AS month,
       CAST(sum(f.sites) AS BIGINT)                                     AS festival_sites,
       CAST(coalesce(sum(f.sites) FILTER (WHERE showcase), 0) AS BIGINT) AS showcase_sites,
       CAST(sum(participants) AS BIGINT)                                AS participants
FROM festival_days f
JOIN placement p ON p.admin_era = f.admin_era AND p.commune_code = f.commune_code AND p.map = $map
WHERE f.held_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
GROUP BY 1, 2
ORDER BY 1, 2
