-- 003_orleans_persistence.sql
-- Commune: Orleans grain state storage (Microsoft.Orleans.Persistence.AdoNet, invariant "Npgsql").
--
-- A grain is identified by (ServiceId, grain type, N0/N1 key halves, optional string key
-- or key extension); the provider also sends 32-bit hashes of id and type to keep index
-- look-ups narrow. Version is the grain state's ETag:
--   * a grain that has never read a row writes with @GrainStateVersion = NULL (insert);
--   * every later write/clear/delete must present the version it last read and succeeds
--     only if the row still has that version (optimistic concurrency). This is what
--     stops two activations of the same grain (e.g. during a split brain) from silently
--     overwriting each other.
-- How the provider detects a conflict: it compares the returned NewGrainStateVersion
-- with the version it sent. Returning the same value, NULL, or (when it sent a
-- version) no row at all means "conflict" and the grain gets an
-- InconsistentStateException. The write/clear/delete queries below therefore always
-- return exactly one row, with NULL when nothing was changed.
--
-- Requires 001_orleans_main.sql. Idempotent.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        text         NOT NULL,
    GrainIdExtensionString text         NULL,     -- string key / key extension, NULL if none
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,     -- serialized state; NULL after a clear
    ModifiedOn             timestamptz  NOT NULL DEFAULT now(),
    Version                integer      NOT NULL  -- the ETag
);

-- One row per grain. Besides serving every look-up (the leading columns are the ones
-- all queries filter on), the unique index makes a racing first write of the same
-- grain lose cleanly (ON CONFLICT DO NOTHING -> conflict) instead of creating a
-- duplicate row. The free-text parts are indexed through md5 so arbitrarily long
-- type names / string keys cannot exceed the btree entry size limit; NULL and any
-- string are kept apart because md5 output never equals '-'.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain
    ON OrleansStorage (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, ServiceId,
                       md5(GrainTypeString), COALESCE(md5(GrainIdExtensionString), '-'));

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Read a grain's state: payload plus its version (the ETag the grain will present on
-- its next write). No row = the grain has no stored state yet.
('ReadFromStorageKey', $q$
SELECT PayloadBinary, Version
  FROM OrleansStorage
 WHERE GrainIdHash = @GrainIdHash
   AND GrainTypeHash = @GrainTypeHash
   AND GrainIdN0 = @GrainIdN0
   AND GrainIdN1 = @GrainIdN1
   AND ServiceId = @ServiceId
   AND GrainTypeString = @GrainTypeString
   AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
$q$),

-- Write a grain's state.
--   @GrainStateVersion NULL     -> first write: insert with version 1, unless the row
--                                  already exists (another activation won) -> NULL.
--   @GrainStateVersion = n      -> update only if the stored version is still n,
--                                  returning n + 1; otherwise NULL.
-- Exactly one of the two data-modifying CTEs can act, decided by the parameter.
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE OrleansStorage
       SET PayloadBinary = @PayloadBinary,
           ModifiedOn = now(),
           Version = Version + 1
     WHERE @GrainStateVersion IS NOT NULL
       AND Version = @GrainStateVersion
       AND GrainIdHash = @GrainIdHash
       AND GrainTypeHash = @GrainTypeHash
       AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1
       AND ServiceId = @ServiceId
       AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING Version
), inserted AS (
    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
         GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           @GrainIdExtensionString, @ServiceId, @PayloadBinary, now(), 1
     WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version
)
SELECT COALESCE((SELECT Version FROM updated),
                (SELECT Version FROM inserted)) AS NewGrainStateVersion
$q$),

-- Clear a grain's state but keep the row (DeleteStateOnClear = false, the default):
-- payload becomes NULL and the version still advances, so a stale activation that
-- later writes with the old version is rejected. Returns the new version, or NULL on
-- a version mismatch.
('ClearStorageKey', $q$
WITH cleared AS (
    UPDATE OrleansStorage
       SET PayloadBinary = NULL,
           ModifiedOn = now(),
           Version = Version + 1
     WHERE Version = @GrainStateVersion
       AND GrainIdHash = @GrainIdHash
       AND GrainTypeHash = @GrainTypeHash
       AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1
       AND ServiceId = @ServiceId
       AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING Version
)
SELECT (SELECT Version FROM cleared) AS NewGrainStateVersion
$q$),

-- Clear by deleting the row (AdoNetGrainStorageOptions.DeleteStateOnClear = true).
-- Same version check. Returns deleted version + 1 (the provider only needs a value
-- different from the one it sent; it resets the ETag to NULL itself), or NULL on a
-- mismatch.
('DeleteStorageKey', $q$
WITH removed AS (
    DELETE FROM OrleansStorage
     WHERE Version = @GrainStateVersion
       AND GrainIdHash = @GrainIdHash
       AND GrainTypeHash = @GrainTypeHash
       AND GrainIdN0 = @GrainIdN0
       AND GrainIdN1 = @GrainIdN1
       AND ServiceId = @ServiceId
       AND GrainTypeString = @GrainTypeString
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING Version
)
SELECT (SELECT Version + 1 FROM removed) AS NewGrainStateVersion
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
