-- The catalogue of model types, most widespread first, for the page's type selector: every type of
-- model_types with its names, group and how many sites of it the snapshot holds (all dates, all places).
-- Parameters: none.
-- Returns one row per type: model_type, name_vi, name_en, type_group, sites.
SELECT t.model_type, t.name_vi, t.name_en, t."group" AS type_group, count(s.site_id) AS sites
FROM model_types t
LEFT JOIN model_sites s ON s.model_type = t.model_type
GROUP BY ALL
ORDER BY sites DESC, t.model_type
