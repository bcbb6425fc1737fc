-- festival_days an import at a time (antq/data/derived_parts.py). A partition is a commune as recorded
-- (admin_era, commune_code) and a day: its rows sum the festival sites of that commune held that day.
CREATE OR REPLACE TEMP MACRO part_of(admin_era, commune_code, day) AS
    {'admin_era': admin_era, 'commune_code': commune_code, 'day': day};

CREATE OR REPLACE TEMP TABLE dirty AS
SELECT DISTINCT part_of(admin_era, commune_code, held_on) AS part FROM changed_festival_sites;

CREATE OR REPLACE TABLE feed.festival_sites AS
SELECT * FROM festival_sites WHERE part_of(admin_era, commune_code, held_on) IN (SELECT part FROM dirty);

CREATE OR REPLACE TEMP VIEW kept AS
SELECT * FROM base_rows WHERE part_of(admin_era, commune_code, held_on) NOT IN (SELECT part FROM dirty);
CREATE OR REPLACE TEMP VIEW fresh AS
SELECT * FROM new_rows WHERE part_of(admin_era, commune_code, held_on) IN (SELECT part FROM dirty);
