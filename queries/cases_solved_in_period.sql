-- Cases solved in a period: cases of the area (where the case was recorded) whose solved_on lies in
-- [$date_from, $date_to] and that at least one tip led to, with their arrests and weapons. Not a conversion
-- rate of the tips of that period (see tip_funnel.sql): label any ratio against tips as such.
-- Parameters: $map ('2024' | '2025'), $province (code on that map; NULL = whole country),
--   $date_from, $date_to (DATE).
-- Returns one row: cases_solved, arrests, guns, primitive_weapons.
-- Read from case_solved_days (antq/data/derived.py: solved cases that a tip led to, per day solved and
-- province of each map; cases recorded in communes absent from the maps are left out, as the join
-- with commune_keys leaves them out).
SELECT
    CAST(coalesce(sum(cases), 0) AS BIGINT)              AS cases_solved,
    CAST(coalesce(sum(arrests), 0) AS BIGINT)            AS arrests,
    CAST(coalesce(sum(guns), 0) AS BIGINT)               AS guns,
    CAST(coalesce(sum(primitive_weapons), 0) AS BIGINT)  AS primitive_weapons
FROM case_solved_days
WHERE known AND solved_on BETWEEN CAST($date_from AS DATE) AND CAST($date_to AS DATE)
  AND ($province IS NULL
       OR (CASE WHEN $map = '2025' THEN p25 ELSE p24 END) = $province)
