-- 001_orleans_main.sql
-- Commune: query catalogue shared by the Orleans ADO.NET providers (PostgreSQL 15).
--
-- Orleans' ADO.NET clustering, persistence and reminder providers never contain SQL
-- of their own. At start-up each provider runs
--     SELECT QueryKey, QueryText FROM OrleansQuery
-- and afterwards executes only the texts it found there, binding named parameters
-- (@DeploymentId, @GrainIdHash, ...) and reading result columns by name.
-- The later scripts (002..004) create their tables and register their query texts
-- in this catalogue.
--
-- Contract points that every registered query must respect:
--   * Parameter names and result column names are fixed by the provider code.
--   * Queries whose result the provider reads as a boolean must return exactly one
--     row with one column: non-zero = success, zero = the conditional write did not
--     happen (version/etag mismatch). A failed conditional write must leave no trace.
--
-- Idempotent: safe to run any number of times.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    -- Key looked up by the provider, e.g. 'WriteToStorageKey'.
    QueryKey  varchar(64) NOT NULL,
    -- Statement text with @Name placeholders; Npgsql turns them into positional parameters.
    QueryText text        NOT NULL,

    CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
);
