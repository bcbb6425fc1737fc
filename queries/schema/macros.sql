-- Macros the page queries share (queries/*.sql), expanded in place by DuckDB: a query using them plans
-- as if their text were written out.

-- The areas a per-area query answers for on map `map_`: every province for the whole country
-- (`province` NULL), the communes of one province otherwise. A query returning one row per area
-- selects FROM areas_of($map, $province) and LEFT JOINs its figures (no data stays NULL).
CREATE MACRO areas_of(map_, province) AS TABLE
  SELECT * FROM areas
  WHERE map = map_
    AND level = CASE WHEN province IS NULL THEN 'province' ELSE 'commune' END
    AND (province IS NULL OR parent_code = province);

-- Whether `value` is among the choices of a list parameter, where an empty list chooses everything
-- (the model types, the festival levels).
CREATE MACRO in_selection(choices, value) AS
  len(CAST(choices AS VARCHAR[])) = 0 OR list_contains(CAST(choices AS VARCHAR[]), value);
