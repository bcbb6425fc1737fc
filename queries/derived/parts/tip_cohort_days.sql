-- tip_cohort_days an import at a time (antq/data/derived_parts.py). The table is the whole country's, with no
-- province: a partition is a day, its rows count the tips of the whole country received that day.
CREATE OR REPLACE TEMP MACRO part_of(day) AS {'day': day};

CREATE OR REPLACE TEMP TABLE dirty AS
SELECT DISTINCT part_of(received_on) AS part FROM touched_tips;

-- every tip received on those days (their cases are looked up by case_id, in the whole table)
CREATE OR REPLACE TABLE feed.tipoffs AS
SELECT * FROM tipoffs WHERE part_of(received_on) IN (SELECT part FROM dirty);

CREATE OR REPLACE TEMP VIEW kept AS
SELECT * FROM base_rows WHERE part_of(received_on) NOT IN (SELECT part FROM dirty);
CREATE OR REPLACE TEMP VIEW fresh AS
SELECT * FROM new_rows WHERE part_of(received_on) IN (SELECT part FROM dirty);
