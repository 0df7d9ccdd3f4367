-- The database of one TradeMesh deployment, run by psql as a superuser against it:
--   psql -d DATABASE -v database=DATABASE -v ingestion_password=... -v projections_password=... -f roles.sql
-- Each service logs in with its own role, which owns only its schema: ingestion the schema
-- `ingestion`, projections the schema `trademesh` (Marten's event store and read models), so
-- Marten applies its schema changes as the owner. Neither role may create databases or roles,
-- and neither can read the other's schema. Safe to run again (deploy/local/lib.sh does, each start).

-- One run at a time: two at once could both try to create a role.
SELECT pg_advisory_lock(20251201);

SELECT 'CREATE ROLE trademesh_ingestion' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trademesh_ingestion') \gexec
SELECT 'CREATE ROLE trademesh_projections' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'trademesh_projections') \gexec
ALTER ROLE trademesh_ingestion LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'ingestion_password';
ALTER ROLE trademesh_projections LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'projections_password';

REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO trademesh_ingestion, trademesh_projections;
REVOKE ALL ON SCHEMA public FROM PUBLIC;

CREATE SCHEMA IF NOT EXISTS ingestion AUTHORIZATION trademesh_ingestion;
CREATE SCHEMA IF NOT EXISTS trademesh AUTHORIZATION trademesh_projections;
ALTER SCHEMA ingestion OWNER TO trademesh_ingestion;
ALTER SCHEMA trademesh OWNER TO trademesh_projections;

-- A store made before the roles existed (by the superuser): its objects pass to the schema's owner.
DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT n.nspname, c.relname, c.relkind, o.rolname AS owner
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_roles o ON o.oid = n.nspowner
    WHERE n.nspname IN ('ingestion', 'trademesh') AND c.relowner <> n.nspowner AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
      -- a serial's sequence follows its table
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))
  LOOP
    EXECUTE format('ALTER %s %I.%I OWNER TO %I',
      CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
      r.nspname, r.relname, r.owner);
  END LOOP;
  FOR r IN
    SELECT p.oid::regprocedure AS routine, o.rolname AS owner
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_roles o ON o.oid = n.nspowner
    WHERE n.nspname IN ('ingestion', 'trademesh') AND p.proowner <> n.nspowner
  LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO %I', r.routine, r.owner);
  END LOOP;
END $$;

SELECT pg_advisory_unlock(20251201);
