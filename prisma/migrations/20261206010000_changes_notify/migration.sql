-- Live changes: every row added to the audit trail is announced on the channel
-- `peninsula_kb_changes` with its id, so each replica's listener (src/plugins/live-changes.ts)
-- hears every write, whichever replica or psql session made it. PostgreSQL delivers a
-- notification only when its transaction commits, and in commit order; the payload is the id
-- alone, as a record can outgrow NOTIFY's 8,000-byte limit (the listener reads the row).

CREATE FUNCTION "notify_change"() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM pg_notify('peninsula_kb_changes', NEW.id::text);
    RETURN NULL;
END $$;

CREATE TRIGGER "changes_notify" AFTER INSERT ON "changes" FOR EACH ROW EXECUTE FUNCTION "notify_change"();
