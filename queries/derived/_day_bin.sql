-- The bin of the days from a tip to its case's solution (NULL: no case solved), the bins of
-- tipoffs_cohorts.sql and the tip-off charts (antq/features/tipoffs, DAY_BINS):
-- 0 before the tip, then up to 7, 14, 30, 60, 90, 180, 365 days, and more.
CREATE OR REPLACE MACRO day_bin(days) AS
  CASE WHEN days IS NULL THEN NULL WHEN days < 0 THEN 0 WHEN days <= 7 THEN 1 WHEN days <= 14 THEN 2
       WHEN days <= 30 THEN 3 WHEN days <= 60 THEN 4 WHEN days <= 90 THEN 5 WHEN days <= 180 THEN 6
       WHEN days <= 365 THEN 7 ELSE 8 END;
