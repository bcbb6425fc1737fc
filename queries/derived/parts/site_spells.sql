-- site_spells an import at a time (antq/data/derived_parts.py). A partition is a commune as recorded
-- (admin_era, commune_code): its rows are the spells of its sites, type by type (a spell spans any dates).
CREATE OR REPLACE TEMP MACRO part_of(admin_era, commune_code) AS {'admin_era': admin_era, 'commune_code': commune_code};

CREATE OR REPLACE TEMP TABLE dirty AS
SELECT DISTINCT part_of(admin_era, commune_code) AS part FROM changed_model_sites;

CREATE OR REPLACE TABLE feed.model_sites AS
SELECT * FROM model_sites WHERE part_of(admin_era, commune_code) IN (SELECT part FROM dirty);

CREATE OR REPLACE TEMP VIEW kept AS
SELECT * FROM base_rows WHERE part_of(admin_era, commune_code) NOT IN (SELECT part FROM dirty);
CREATE OR REPLACE TEMP VIEW fresh AS
SELECT * FROM new_rows WHERE part_of(admin_era, commune_code) IN (SELECT part FROM dirty);
