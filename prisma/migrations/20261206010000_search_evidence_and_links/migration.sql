-- Search reads a record's evidence and the names of what it links to, and knows a few synonyms.
--
-- Each kind with evidence gets `search_context`, a tsvector kept by triggers: the names of the
-- records it links to (weight C: an event's actors, agreements and channels; a figure's channel,
-- event, agreement and actor; ...) and its evidence quotes (weight D, the lowest). The generated
-- `search` vector appends it, so matching and ranking still read one stored, indexed column.
-- Aliases are left out: the synonym list below covers the names that matter, and an actor's every
-- alias on every record it touches would make those words match half the knowledge base.

CREATE FUNCTION "search_context_of"(kind text, rid int) RETURNS tsvector LANGUAGE plpgsql STABLE AS $$
DECLARE
    names text;
    quotes text;
BEGIN
    CASE kind
    WHEN 'events' THEN
        SELECT concat_ws(' ',
            (SELECT string_agg(a.name, ' ' ORDER BY a.name) FROM event_actors l JOIN actors a ON a.id = l.actor_id WHERE l.event_id = rid),
            (SELECT string_agg(x.title, ' ' ORDER BY x.title) FROM event_agreements l JOIN agreements x ON x.id = l.agreement_id WHERE l.event_id = rid),
            (SELECT string_agg(c.name, ' ' ORDER BY c.name) FROM event_channels l JOIN leverage_channels c ON c.id = l.channel_id WHERE l.event_id = rid)) INTO names;
        SELECT string_agg(quote, ' ' ORDER BY position, quote) FROM evidence WHERE event_id = rid INTO quotes;
    WHEN 'agreements' THEN
        SELECT concat_ws(' ',
            (SELECT string_agg(a.name, ' ' ORDER BY a.name) FROM agreement_parties l JOIN actors a ON a.id = l.actor_id WHERE l.agreement_id = rid),
            (SELECT string_agg(c.name, ' ' ORDER BY c.name) FROM agreement_channels l JOIN leverage_channels c ON c.id = l.channel_id WHERE l.agreement_id = rid)) INTO names;
        SELECT string_agg(quote, ' ' ORDER BY position, quote) FROM evidence WHERE agreement_id = rid INTO quotes;
    WHEN 'leverage_channels' THEN
        SELECT string_agg(a.name, ' ' ORDER BY a.name) FROM channel_actors l JOIN actors a ON a.id = l.actor_id WHERE l.channel_id = rid INTO names;
        SELECT string_agg(quote, ' ' ORDER BY position, quote) FROM evidence WHERE channel_id = rid INTO quotes;
    WHEN 'figures' THEN
        SELECT concat_ws(' ', c.name, e.title, x.title, a.name) FROM figures f
            LEFT JOIN leverage_channels c ON c.id = f.channel_id LEFT JOIN events e ON e.id = f.event_id
            LEFT JOIN agreements x ON x.id = f.agreement_id LEFT JOIN actors a ON a.id = f.actor_id
            WHERE f.id = rid INTO names;
        SELECT string_agg(quote, ' ' ORDER BY position, quote) FROM evidence WHERE figure_id = rid INTO quotes;
    WHEN 'claims' THEN
        SELECT concat_ws(' ',
            (SELECT string_agg(a.name, ' ' ORDER BY a.name) FROM claim_actors l JOIN actors a ON a.id = l.actor_id WHERE l.claim_id = rid),
            (SELECT string_agg(c.name, ' ' ORDER BY c.name) FROM claim_channels l JOIN leverage_channels c ON c.id = l.channel_id WHERE l.claim_id = rid),
            (SELECT string_agg(s.title, ' ' ORDER BY s.title) FROM claim_scenarios l JOIN scenarios s ON s.id = l.scenario_id WHERE l.claim_id = rid)) INTO names;
        SELECT string_agg(quote, ' ' ORDER BY position, quote) FROM evidence WHERE claim_id = rid INTO quotes;
    WHEN 'scenarios' THEN
        SELECT string_agg(quote, ' ' ORDER BY position, quote) FROM evidence WHERE scenario_id = rid INTO quotes;
    WHEN 'actors' THEN
        SELECT string_agg(quote, ' ' ORDER BY position, quote) FROM evidence WHERE actor_id = rid INTO quotes;
    END CASE;
    RETURN setweight(to_tsvector('english', search_plain(coalesce(names, ''))), 'C')
        || setweight(to_tsvector('english', search_plain(coalesce(quotes, ''))), 'D');
END $$;

-- A bulk load (the seed) defers the refresh for its transaction and calls
-- refresh_every_search_context() once at its end: refreshing after each of its statements would
-- rewrite every record several times.
CREATE FUNCTION "search_context_deferred"() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('peninsula_kb.search_context_deferred', true), '') = 'on'
$$;

CREATE FUNCTION "refresh_every_search_context"() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    kind text;
BEGIN
    FOREACH kind IN ARRAY ARRAY['events', 'agreements', 'leverage_channels', 'figures', 'claims', 'scenarios', 'actors'] LOOP
        EXECUTE format('UPDATE %I t SET search_context = c.v FROM (SELECT id, search_context_of(%L, id) AS v FROM %I) c
            WHERE c.id = t.id AND t.search_context IS DISTINCT FROM c.v', kind, kind, kind);
    END LOOP;
END $$;

-- After rows of a link table (or evidence) change: refresh the records of TG_ARGV[0] named by the
-- rows' column TG_ARGV[1]. Statement-level with transition tables, so a bulk load refreshes each
-- record once, in one UPDATE.
CREATE FUNCTION "refresh_search_context"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids int[] := '{}';
    more int[];
BEGIN
    IF search_context_deferred() THEN RETURN NULL; END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        EXECUTE format('SELECT coalesce(array_agg(%I), ''{}'') FROM new_rows WHERE %I IS NOT NULL', TG_ARGV[1], TG_ARGV[1]) INTO more;
        ids := ids || more;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        EXECUTE format('SELECT coalesce(array_agg(%I), ''{}'') FROM old_rows WHERE %I IS NOT NULL', TG_ARGV[1], TG_ARGV[1]) INTO more;
        ids := ids || more;
    END IF;
    IF cardinality(ids) > 0 THEN
        EXECUTE format('UPDATE %I SET search_context = search_context_of(%L, id) WHERE id = ANY($1)', TG_ARGV[0], TG_ARGV[0]) USING ids;
    END IF;
    RETURN NULL;
END $$;

-- After a record's name or title changes: refresh the records of TG_ARGV[0] that link to it through
-- TG_ARGV[1] (whose column TG_ARGV[2] names them and TG_ARGV[3] names the renamed record).
CREATE FUNCTION "refresh_search_context_of_linked"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF search_context_deferred() THEN RETURN NULL; END IF;
    EXECUTE format('UPDATE %I SET search_context = search_context_of(%L, id) WHERE id IN (SELECT %I FROM %I WHERE %I = $1)',
        TG_ARGV[0], TG_ARGV[0], TG_ARGV[2], TG_ARGV[1], TG_ARGV[3]) USING NEW.id;
    RETURN NULL;
END $$;

DO $$
DECLARE
    link record;
    op text;
BEGIN
    -- (table that changes, column naming the record, the record's table)
    FOR link IN SELECT * FROM (VALUES
        ('evidence', 'event_id', 'events'), ('evidence', 'agreement_id', 'agreements'), ('evidence', 'channel_id', 'leverage_channels'),
        ('evidence', 'figure_id', 'figures'), ('evidence', 'claim_id', 'claims'), ('evidence', 'scenario_id', 'scenarios'),
        ('evidence', 'actor_id', 'actors'),
        ('event_actors', 'event_id', 'events'), ('event_agreements', 'event_id', 'events'), ('event_channels', 'event_id', 'events'),
        ('agreement_parties', 'agreement_id', 'agreements'), ('agreement_channels', 'agreement_id', 'agreements'),
        ('channel_actors', 'channel_id', 'leverage_channels'),
        ('claim_actors', 'claim_id', 'claims'), ('claim_channels', 'claim_id', 'claims'), ('claim_scenarios', 'claim_id', 'claims'),
        ('figures', 'id', 'figures')
    ) AS l(source, col, target) LOOP
        FOREACH op IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
            -- A figure's own deletion leaves nothing to refresh, and its updates are the row trigger's below.
            CONTINUE WHEN link.source = 'figures' AND op <> 'insert';
            EXECUTE format('CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s FOR EACH STATEMENT EXECUTE FUNCTION "refresh_search_context"(%L, %L)',
                format('%s_%s_search_%s', link.source, op, replace(link.col, '_id', '')), upper(op), link.source,
                CASE op WHEN 'insert' THEN 'NEW TABLE AS new_rows' WHEN 'delete' THEN 'OLD TABLE AS old_rows' ELSE 'OLD TABLE AS old_rows NEW TABLE AS new_rows' END,
                link.target, link.col);
        END LOOP;
    END LOOP;
    -- (renamed table, its name column, the linking table, its column naming the record to refresh, its column naming the renamed one, that record's table)
    FOR link IN SELECT * FROM (VALUES
        ('actors', 'name', 'event_actors', 'event_id', 'actor_id', 'events'),
        ('actors', 'name', 'agreement_parties', 'agreement_id', 'actor_id', 'agreements'),
        ('actors', 'name', 'channel_actors', 'channel_id', 'actor_id', 'leverage_channels'),
        ('actors', 'name', 'claim_actors', 'claim_id', 'actor_id', 'claims'),
        ('actors', 'name', 'figures', 'id', 'actor_id', 'figures'),
        ('leverage_channels', 'name', 'event_channels', 'event_id', 'channel_id', 'events'),
        ('leverage_channels', 'name', 'agreement_channels', 'agreement_id', 'channel_id', 'agreements'),
        ('leverage_channels', 'name', 'claim_channels', 'claim_id', 'channel_id', 'claims'),
        ('leverage_channels', 'name', 'figures', 'id', 'channel_id', 'figures'),
        ('agreements', 'title', 'event_agreements', 'event_id', 'agreement_id', 'events'),
        ('agreements', 'title', 'figures', 'id', 'agreement_id', 'figures'),
        ('events', 'title', 'figures', 'id', 'event_id', 'figures'),
        ('scenarios', 'title', 'claim_scenarios', 'claim_id', 'scenario_id', 'claims')
    ) AS l(source, name, via, target_col, source_col, target) LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE OF %I ON %I FOR EACH ROW WHEN (OLD.%I IS DISTINCT FROM NEW.%I) EXECUTE FUNCTION "refresh_search_context_of_linked"(%L, %L, %L, %L)',
            format('%s_rename_search_%s', link.source, link.target), link.name, link.source, link.name, link.name,
            link.target, link.via, link.target_col, link.source_col);
    END LOOP;
END $$;

-- A figure relinked to another channel, event, agreement or actor.
CREATE FUNCTION "refresh_figure_search_context"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF search_context_deferred() THEN RETURN NULL; END IF;
    UPDATE figures SET search_context = search_context_of('figures', id) WHERE id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER "figures_relink_search" AFTER UPDATE OF channel_id, event_id, agreement_id, actor_id ON "figures"
    FOR EACH ROW EXECUTE FUNCTION "refresh_figure_search_context"();

-- The vectors, rebuilt with the context appended (weights as in 20261127010000_full_text_search).
ALTER TABLE "events" ADD COLUMN "search_context" tsvector, DROP COLUMN "search";
ALTER TABLE "events" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', search_plain("title")), 'A') ||
    setweight(to_tsvector('english', search_plain("summary")), 'B') ||
    setweight(to_tsvector('english', "category"), 'C') ||
    setweight(to_tsvector('english', search_plain(coalesce("date_printed", '') || ' ' || coalesce("date_note", ''))), 'D') ||
    coalesce("search_context", '')
) STORED;

ALTER TABLE "agreements" ADD COLUMN "search_context" tsvector, DROP COLUMN "search";
ALTER TABLE "agreements" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', search_plain("title")), 'A') ||
    setweight(to_tsvector('english', search_plain(coalesce(immutable_array_to_string("terms", ' '), ''))), 'B') ||
    setweight(to_tsvector('english', search_plain("kind" || ' ' || "status" || ' ' || coalesce("status_note", ''))), 'C') ||
    setweight(to_tsvector('english', search_plain(coalesce("date_printed", '') || ' ' || coalesce("date_note", ''))), 'D') ||
    coalesce("search_context", '')
) STORED;

ALTER TABLE "actors" ADD COLUMN "search_context" tsvector, DROP COLUMN "search";
ALTER TABLE "actors" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', search_plain("name" || ' ' || coalesce(immutable_array_to_string("aliases", ' '), ''))), 'A') ||
    setweight(to_tsvector('english', search_plain(coalesce("role", '') || ' ' || coalesce("description", ''))), 'B') ||
    setweight(to_tsvector('english', "kind"), 'C') ||
    coalesce("search_context", '')
) STORED;

ALTER TABLE "leverage_channels" ADD COLUMN "search_context" tsvector, DROP COLUMN "search";
ALTER TABLE "leverage_channels" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', search_plain("name")), 'A') ||
    setweight(to_tsvector('english', search_plain("description")), 'B') ||
    setweight(to_tsvector('english', "kind"), 'C') ||
    coalesce("search_context", '')
) STORED;

ALTER TABLE "figures" ADD COLUMN "search_context" tsvector, DROP COLUMN "search";
ALTER TABLE "figures" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', search_plain("measure")), 'A') ||
    setweight(to_tsvector('english', search_plain("printed" || ' ' || coalesce("note", ''))), 'B') ||
    setweight(to_tsvector('english', search_plain("unit" || ' ' || coalesce("currency", '') || ' ' || coalesce("period", ''))), 'C') ||
    coalesce("search_context", '')
) STORED;

ALTER TABLE "scenarios" ADD COLUMN "search_context" tsvector, DROP COLUMN "search";
ALTER TABLE "scenarios" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', search_plain("title")), 'A') ||
    setweight(to_tsvector('english', search_plain("summary")), 'B') ||
    setweight(to_tsvector('english', search_plain(coalesce(immutable_array_to_string("conditions", ' '), '') || ' ' || coalesce(immutable_array_to_string("expected_behaviour", ' '), ''))), 'C') ||
    coalesce("search_context", '')
) STORED;

ALTER TABLE "claims" ADD COLUMN "search_context" tsvector, DROP COLUMN "search";
ALTER TABLE "claims" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', search_plain("text")), 'B') ||
    setweight(to_tsvector('english', search_plain("section")), 'C') ||
    coalesce("search_context", '')
) STORED;

-- The records already there.
SELECT refresh_every_search_context();

CREATE INDEX "events_search_idx" ON "events" USING GIN ("search");
CREATE INDEX "agreements_search_idx" ON "agreements" USING GIN ("search");
CREATE INDEX "actors_search_idx" ON "actors" USING GIN ("search");
CREATE INDEX "leverage_channels_search_idx" ON "leverage_channels" USING GIN ("search");
CREATE INDEX "figures_search_idx" ON "figures" USING GIN ("search");
CREATE INDEX "scenarios_search_idx" ON "scenarios" USING GIN ("search");
CREATE INDEX "claims_search_idx" ON "claims" USING GIN ("search");

-- Synonyms: words the paper and its readers use for the same thing. Each row puts a word or phrase
-- in a group; a query's word or phrase from a group matches any member (search_query below).
CREATE TABLE "search_synonyms" (
    "group_name" TEXT NOT NULL,
    "phrase" TEXT NOT NULL,
    CONSTRAINT "search_synonyms_pkey" PRIMARY KEY ("group_name", "phrase")
);
INSERT INTO "search_synonyms" ("group_name", "phrase") VALUES
    ('border', 'border'), ('border', 'frontier'),
    ('labor', 'labor'), ('labor', 'labour'),
    ('railway', 'rail'), ('railway', 'railway'), ('railway', 'railroad'),
    ('dprk', 'DPRK'), ('dprk', 'North Korea'), ('dprk', 'Pyongyang'),
    ('rok', 'ROK'), ('rok', 'South Korea'), ('rok', 'Seoul'),
    ('china', 'China'), ('china', 'PRC'), ('china', 'Beijing'),
    ('ussr', 'USSR'), ('ussr', 'Soviet Union'),
    ('unsc', 'UNSC'), ('unsc', 'Security Council'),
    ('rfe', 'RFE'), ('rfe', 'Russian Far East'),
    ('defense', 'defense'), ('defense', 'defence');

-- The cache keys on the data version: a changed synonym changes search answers.
CREATE TRIGGER "search_synonyms_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "search_synonyms"
    FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();

-- What users type (web-search syntax) as a tsquery, with the typography normalised as in the
-- indexed text and synonyms expanded; every `q` and /v1/search go through it. Two passes, so that
-- an expanded query is never expanded again: each member of a group becomes the group's
-- placeholder word, then each placeholder becomes every member (OR). A phrase is also matched when
-- typed without quotes (websearch_to_tsquery reads that as AND).
CREATE FUNCTION "search_query"(text) RETURNS tsquery LANGUAGE sql STABLE PARALLEL SAFE STRICT AS $$
    SELECT ts_rewrite(ts_rewrite(websearch_to_tsquery('english', search_plain($1)), $rules$
        SELECT t.target, to_tsquery('simple', 'zzsynonym' || s.group_name) FROM search_synonyms s
        CROSS JOIN LATERAL (VALUES (phraseto_tsquery('english', search_plain(s.phrase))), (plainto_tsquery('english', search_plain(s.phrase)))) t(target)
        WHERE numnode(t.target) > 0 $rules$), $groups$
        SELECT to_tsquery('simple', 'zzsynonym' || group_name), string_agg('(' || phraseto_tsquery('english', search_plain(phrase))::text || ')', ' | ')::tsquery
        FROM search_synonyms GROUP BY group_name $groups$)
$$;
