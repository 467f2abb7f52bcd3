-- 004_orleans_reminders.sql
-- Commune: Orleans reminder table (Microsoft.Orleans.Reminders.AdoNet, invariant "Npgsql").
--
-- One row per (service, grain, reminder name). GrainHash is the grain's uniform hash
-- (a uint stored as a signed integer); each silo's reminder service owns a slice of
-- the hash ring and loads its reminders with the range queries below. Version is the
-- reminder's ETag: upserts always win and bump it, deletes only succeed with the
-- current one.
--
-- Requires 001_orleans_main.sql. Idempotent.

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150) NOT NULL,
    GrainId      text         NOT NULL,   -- GrainId.ToString(), e.g. 'mygrain/key'
    ReminderName text         NOT NULL,
    StartTime    timestamptz  NOT NULL,   -- first tick
    Period       bigint       NOT NULL,   -- milliseconds
    GrainHash    integer      NOT NULL,
    Version      integer      NOT NULL,

    CONSTRAINT PK_OrleansRemindersTable PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- The reminder service reads by hash range on start-up and on every ring change.
CREATE INDEX IF NOT EXISTS IX_OrleansRemindersTable_GrainHash
    ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- All reminders of one grain.
('ReadReminderRowsKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
  FROM OrleansRemindersTable
 WHERE ServiceId = @ServiceId
   AND GrainId = @GrainId
$q$),

-- One reminder of one grain (no row = not registered).
('ReadReminderRowKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
  FROM OrleansRemindersTable
 WHERE ServiceId = @ServiceId
   AND GrainId = @GrainId
   AND ReminderName = @ReminderName
$q$),

-- Ring slice (@BeginHash, @EndHash] that does not wrap in signed order
-- (the provider uses it when (int)begin < (int)end).
('ReadRangeRows1Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
  FROM OrleansRemindersTable
 WHERE ServiceId = @ServiceId
   AND GrainHash > @BeginHash
   AND GrainHash <= @EndHash
$q$),

-- Ring slice that wraps around (or the whole ring when begin = end): everything
-- above @BeginHash plus everything up to and including @EndHash.
('ReadRangeRows2Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
  FROM OrleansRemindersTable
 WHERE ServiceId = @ServiceId
   AND (GrainHash > @BeginHash OR GrainHash <= @EndHash)
$q$),

-- Register or re-register a reminder. Unconditional (Orleans does not send an etag
-- here); a new row starts at version 0, a replaced one gets version + 1 so etags held
-- for the old definition stop matching. Returns the new version.
('UpsertReminderRowKey', $q$
INSERT INTO OrleansRemindersTable AS r
    (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
   SET StartTime = EXCLUDED.StartTime,
       Period = EXCLUDED.Period,
       GrainHash = EXCLUDED.GrainHash,
       Version = r.Version + 1
RETURNING r.Version AS Version
$q$),

-- Unregister a reminder, only if the caller's etag (@Version) is still current.
-- Result read as a boolean: 1 = deleted, 0 = missing or changed meanwhile.
('DeleteReminderRowKey', $q$
WITH removed AS (
    DELETE FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId
       AND GrainId = @GrainId
       AND ReminderName = @ReminderName
       AND Version = @Version
    RETURNING 1
)
SELECT count(*)::integer AS RowsAffected FROM removed
$q$),

-- Remove every reminder of the service (used by tests / tooling).
('DeleteReminderRowsKey', $q$
DELETE FROM OrleansRemindersTable
 WHERE ServiceId = @ServiceId
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
