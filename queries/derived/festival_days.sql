-- Festival sites per recorded commune, day and showcase, with their participants and leaders.
SELECT admin_era, commune_code, year, held_on, showcase, count(*) AS sites,
       CAST(sum(participants) AS BIGINT) AS participants,
       CAST(sum(leaders_politburo) AS BIGINT) AS leaders_politburo,
       CAST(sum(leaders_secretariat) AS BIGINT) AS leaders_secretariat,
       CAST(sum(leaders_cc_central) AS BIGINT) AS leaders_cc_central,
       CAST(sum(leaders_cc_provincial_secretary) AS BIGINT) AS leaders_cc_provincial_secretary,
       CAST(sum(leaders_province_standing) AS BIGINT) AS leaders_province_standing,
       CAST(sum(leaders_district_standing) AS BIGINT) AS leaders_district_standing
FROM festival_sites
GROUP BY ALL
ORDER BY held_on, commune_code
