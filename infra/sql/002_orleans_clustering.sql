-- 002_orleans_clustering.sql
-- Commune: Orleans cluster membership (Microsoft.Orleans.Clustering.AdoNet, invariant "Npgsql").
--
-- Model: one version row per cluster (DeploymentId = ClusterOptions.ClusterId) plus one
-- row per silo incarnation (address, port, generation). Orleans' membership protocol is
-- optimistic: a silo reads the table together with its version, and a change
-- (join, status change, suspicion vote) only succeeds if the version is still the one it
-- read; the successful change bumps the version. Heartbeats (IAmAliveTime) and cleanup
-- of dead rows are deliberately outside that protocol and never touch the version.
--
-- SiloStatus values stored in Status: 0 None, 1 Created, 2 Joining, 3 Active,
-- 4 ShuttingDown, 5 Stopping, 6 Dead.
--
-- Requires 001_orleans_main.sql. Idempotent.

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL,
    -- When the version last changed (informational; not read by Orleans).
    Timestamp    timestamptz  NOT NULL DEFAULT now(),
    -- Table-wide etag used by the membership protocol.
    Version      integer      NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL,
    Address      varchar(45)  NOT NULL,          -- textual IPv4/IPv6 address
    Port         integer      NOT NULL,          -- silo-to-silo port
    Generation   integer      NOT NULL,          -- distinguishes restarts on the same endpoint
    SiloName     text         NOT NULL,
    HostName     text         NOT NULL,
    Status       integer      NOT NULL,          -- SiloStatus, see header
    ProxyPort    integer      NOT NULL DEFAULT 0,-- gateway port, 0 = not a gateway
    SuspectTimes text         NULL,              -- 'silo,time|silo,time' votes, as Orleans formats them
    StartTime    timestamptz  NOT NULL,
    IAmAliveTime timestamptz  NOT NULL,          -- last heartbeat

    CONSTRAINT PK_OrleansMembershipTable PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_OrleansMembershipTable_Version FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Join: add a silo row and bump the version, both or neither.
-- The version row is locked first (FOR UPDATE) and only if it still has the version
-- the caller read; that lock serialises all membership writers of the cluster, so
-- the insert and the bump below cannot interleave with another writer. Nothing is
-- written before every condition has been checked, so a refusal needs no rollback.
-- Returns 1 on success, 0 on a stale version or an already existing row.
CREATE OR REPLACE FUNCTION orleans_membership_insert_row(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_silo_name        text,
    p_host_name        text,
    p_status           integer,
    p_proxy_port       integer,
    p_start_time       timestamptz,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
       FROM OrleansMembershipVersionTable
      WHERE DeploymentId = p_deployment_id
        AND Version = p_expected_version
        FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName,
         Status, ProxyPort, StartTime, IAmAliveTime)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
         p_status, COALESCE(p_proxy_port, 0), p_start_time, p_i_am_alive_time)
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipVersionTable
       SET Version = Version + 1,
           Timestamp = now()
     WHERE DeploymentId = p_deployment_id;
    RETURN 1;
END;
$fn$;

-- Status change / suspicion vote: same locking scheme as the insert.
-- Returns 1 on success, 0 on a stale version or a missing silo row.
CREATE OR REPLACE FUNCTION orleans_membership_update_row(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_status           integer,
    p_suspect_times    text,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
       FROM OrleansMembershipVersionTable
      WHERE DeploymentId = p_deployment_id
        AND Version = p_expected_version
        FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipTable
       SET Status = p_status,
           SuspectTimes = p_suspect_times,
           IAmAliveTime = p_i_am_alive_time
     WHERE DeploymentId = p_deployment_id
       AND Address = p_address
       AND Port = p_port
       AND Generation = p_generation;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipVersionTable
       SET Version = Version + 1,
           Timestamp = now()
     WHERE DeploymentId = p_deployment_id;
    RETURN 1;
END;
$fn$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Silo start-up: make sure the cluster has its version row (version 0).
-- Result read as a boolean: 1 = created now, 0 = it already existed (both are fine).
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (@DeploymentId)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS Created FROM created
$q$),

-- Silo joins the cluster (conditional on @Version, see orleans_membership_insert_row).
('InsertMembershipKey', $q$
SELECT orleans_membership_insert_row(
    @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
    @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS RowsAffected
$q$),

-- Status change or suspicion vote (conditional on @Version).
('UpdateMembershipKey', $q$
SELECT orleans_membership_update_row(
    @DeploymentId, @Address, @Port, @Generation,
    @Status, @SuspectTimes, @IAmAliveTime, @Version) AS RowsAffected
$q$),

-- Heartbeat of one silo. Unconditional and version-neutral by design: only the owning
-- silo writes its own IAmAliveTime, and bumping the version on every heartbeat would
-- make every concurrent membership change fail.
('UpdateIAmAlivetimeKey', $q$
UPDATE OrleansMembershipTable
   SET IAmAliveTime = @IAmAliveTime
 WHERE DeploymentId = @DeploymentId
   AND Address = @Address
   AND Port = @Port
   AND Generation = @Generation
$q$),

-- Read one silo's row plus the table version. The version row drives the join so a
-- row always comes back (silo columns NULL when that silo has no row): Orleans takes
-- the version from the first row and treats a NULL StartTime as "no entry".
('MembershipReadRowKey', $q$
SELECT v.DeploymentId,
       m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
       m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime,
       v.Version
  FROM OrleansMembershipVersionTable AS v
  LEFT JOIN OrleansMembershipTable AS m
         ON m.DeploymentId = v.DeploymentId
        AND m.Address = @Address
        AND m.Port = @Port
        AND m.Generation = @Generation
 WHERE v.DeploymentId = @DeploymentId
$q$),

-- Read the whole cluster plus the table version (same shape as MembershipReadRowKey).
('MembershipReadAllKey', $q$
SELECT v.DeploymentId,
       m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
       m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime,
       v.Version
  FROM OrleansMembershipVersionTable AS v
  LEFT JOIN OrleansMembershipTable AS m
         ON m.DeploymentId = v.DeploymentId
 WHERE v.DeploymentId = @DeploymentId
$q$),

-- Gateway list for clients: active silos (@Status is bound to 3 = Active) that
-- expose a gateway port.
('GatewaysQueryKey', $q$
SELECT Address, ProxyPort, Generation
  FROM OrleansMembershipTable
 WHERE DeploymentId = @DeploymentId
   AND Status = @Status
   AND ProxyPort > 0
$q$),

-- Drop a whole cluster (used by tests / tooling). Rows first because of the FK.
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId
$q$),

-- Defunct-silo cleanup, bulk form (required key; Orleans falls back to it when
-- CleanupDefunctSiloEntryKey is absent). Removes Dead rows whose start and last
-- heartbeat are both older than the cut-off @IAmAliveTime. Dead is terminal, so such
-- rows carry no information the protocol still needs; the version is left alone
-- because removing history does not change the live view of the cluster.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM OrleansMembershipTable
 WHERE DeploymentId = @DeploymentId
   AND Status = 6
   AND StartTime < @IAmAliveTime
   AND IAmAliveTime < @IAmAliveTime
$q$),

-- Defunct-silo cleanup, per-row form (optional key, preferred by 10.x providers).
-- Orleans picks the candidates from its own snapshot, then deletes each one only if
-- the row is still exactly what it saw (status, start, heartbeat, votes), so a row
-- that changed in the meantime is kept. Version-neutral like the bulk form.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM OrleansMembershipTable
 WHERE DeploymentId = @DeploymentId
   AND Address = @Address
   AND Port = @Port
   AND Generation = @Generation
   AND Status = 6
   AND StartTime = @StartTime
   AND IAmAliveTime = @IAmAliveTime
   AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '')
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
