-- Sources get a machine date beside the printed one (read from it by src/seed/dates.ts
-- citationDate: value, precision and the first and last day it can mean), so that they can be
-- filtered by from/to and sorted by date. A footnote spans the dates of the sources it cites, kept
-- by triggers. Databases loaded before this migration get the values from the next `npm run db:seed`.
ALTER TABLE "sources" ADD COLUMN "date_value" TEXT,
    ADD COLUMN "date_precision" TEXT NOT NULL DEFAULT 'unknown',
    ADD COLUMN "date_approximate" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "date_earliest" DATE,
    ADD COLUMN "date_latest" DATE;
ALTER TABLE "footnotes" ADD COLUMN "date_earliest" DATE, ADD COLUMN "date_latest" DATE;

CREATE INDEX "sources_date_earliest_date_latest_idx" ON "sources"("date_earliest", "date_latest");

-- After sources or the footnotes' citations change: every footnote whose span moved. Footnotes are
-- the paper's, a few dozen per document, so the whole set is compared.
CREATE FUNCTION "refresh_footnote_dates"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE footnotes f SET date_earliest = d.earliest, date_latest = d.latest
    FROM (SELECT fs.footnote_id, min(s.date_earliest) AS earliest, max(s.date_latest) AS latest
          FROM footnotes f2 LEFT JOIN footnote_sources fs ON fs.footnote_id = f2.id LEFT JOIN sources s ON s.id = fs.source_id
          GROUP BY fs.footnote_id) d
    WHERE d.footnote_id = f.id AND (f.date_earliest, f.date_latest) IS DISTINCT FROM (d.earliest, d.latest);
    -- A footnote left citing nothing has no span.
    UPDATE footnotes f SET date_earliest = NULL, date_latest = NULL
    WHERE f.date_earliest IS NOT NULL AND NOT EXISTS (SELECT 1 FROM footnote_sources fs WHERE fs.footnote_id = f.id);
    RETURN NULL;
END $$;
CREATE TRIGGER "sources_refresh_footnote_dates" AFTER INSERT OR UPDATE OR DELETE ON "sources"
    FOR EACH STATEMENT EXECUTE FUNCTION "refresh_footnote_dates"();
CREATE TRIGGER "footnote_sources_refresh_footnote_dates" AFTER INSERT OR UPDATE OR DELETE ON "footnote_sources"
    FOR EACH STATEMENT EXECUTE FUNCTION "refresh_footnote_dates"();
