-- 005_commune_events.sql
-- Commune: the audit trail (docs/architecture.md, "Audit trail").
--
-- One row per recorded event, never updated. id is global and increasing: writers take
-- an advisory transaction lock around each batch insert, so ids are committed in
-- order and a reader paging with "id > after" never skips a row that commits later.
-- data is the subject's fields after the change (a JSON object); folding a subject's
-- rows in id order rebuilds its state as of any id.
--
-- The table grows without bound; docs/operations.md says how to prune it.
--
-- Requires nothing else. Idempotent.

CREATE TABLE IF NOT EXISTS commune_events
(
    id          bigserial   PRIMARY KEY,
    at          timestamptz NOT NULL,
    kind        text        NOT NULL,
    agent_id    text,
    task_id     text,
    message_id  text,
    trace_id    text,
    data        jsonb       NOT NULL
);

-- GET /v1/events?agent=|task=|trace= pages by id within one subject; partial, since most rows lack one of them.
CREATE INDEX IF NOT EXISTS ix_commune_events_agent ON commune_events (agent_id, id) WHERE agent_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_commune_events_task  ON commune_events (task_id, id)  WHERE task_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_commune_events_trace ON commune_events (trace_id, id) WHERE trace_id IS NOT NULL;

-- Pruning by age (docs/operations.md) finds the oldest rows through the primary key; at is for reading.
