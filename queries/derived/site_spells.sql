-- Per recorded commune and model type, the spells during which at least one site of the type was
-- active (sites overlapping or touching merged; ended_on NULL = still active): whether a commune has an
-- active site at a date, from a fraction of the rows. DATE '9999-12-31' stands for "not ended" while
-- the spells are merged.
WITH s AS (
    SELECT admin_era, commune_code, model_type, started_on, coalesce(ended_on, DATE '9999-12-31') AS ends
    FROM model_sites
    WHERE ended_on IS NULL OR ended_on >= started_on
), marked AS (
    SELECT *, max(ends) OVER (PARTITION BY admin_era, commune_code, model_type ORDER BY started_on, ends
                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
    FROM s
), numbered AS (
    SELECT *, sum(CAST(reach IS NULL OR started_on > reach AS INTEGER))
                  OVER (PARTITION BY admin_era, commune_code, model_type ORDER BY started_on, ends
                        ROWS UNBOUNDED PRECEDING) AS spell
    FROM marked
)
SELECT admin_era, commune_code, model_type, min(started_on) AS started_on,
       nullif(max(ends), DATE '9999-12-31') AS ended_on
FROM numbered
GROUP BY admin_era, commune_code, model_type, spell
UNION ALL  -- a site ending before it starts (never active) is kept as it is, not merged
SELECT admin_era, commune_code, model_type, started_on, ended_on FROM model_sites WHERE ended_on < started_on
ORDER BY commune_code, admin_era, model_type, started_on
