-- Distinct cases as additive +1/-1 events per scope cell (_case_signed.sql), with their arrests, guns
-- and weapons (solved cases only) and whether they are solved: tip_funnel.sql sums the events inside a
-- period to count each case once.
SELECT scope, province, d1, d2, CAST(sum(w) AS BIGINT) AS cases,
       CAST(coalesce(sum(w) FILTER (WHERE solved), 0) AS BIGINT) AS cases_solved,
       CAST(sum(w * arrests) FILTER (WHERE solved) AS BIGINT) AS arrests,
       CAST(sum(w * guns) FILTER (WHERE solved) AS BIGINT) AS guns,
       CAST(sum(w * primitive_weapons) FILTER (WHERE solved) AS BIGINT) AS primitive_weapons
FROM case_signed
GROUP BY ALL
ORDER BY scope, province, d1
