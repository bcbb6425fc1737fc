-- Tips per day, channel, category, valuable and day bin (days from the tip to its case's solution,
-- _day_bin.sql): the cohorts of the whole country.
SELECT t.received_on, t.channel, t.category, t.valuable, day_bin(c.solved_on - t.received_on) AS day_bin,
       count(*) AS tips
FROM tipoffs t LEFT JOIN cases c ON c.case_id = t.case_id AND c.solved_on IS NOT NULL
GROUP BY ALL
ORDER BY t.received_on
