-- Festival sites and participants per province and month of the chosen map over [$from, $to]
-- (festivals are held in August: a trailing 12-month sum is the year's festival), for every province.
-- Parameters: $map ('2024' | '2025'), $from, $to (DATE).
-- Returns one row per province and month with a festival: province_code, month (DATE, first day),
--   festival_sites, showcase_sites, participants.
SELECT p.map_province_code AS province_code, CAST(date_trunc('month', f.held_on) AS DATE) AS month,
       count(*)                          AS festival_sites,
       count(*) FILTER (WHERE showcase)  AS showcase_sites,
       CAST(sum(participants) AS BIGINT) AS participants
FROM festival_sites f
JOIN placement p ON p.admin_era = f.admin_era AND p.commune_code = f.commune_code AND p.map = $map
WHERE f.held_on BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
GROUP BY 1, 2
ORDER BY 1, 2
