#!/bin/sh
# Run once by the postgres image on a fresh volume (/docker-entrypoint-initdb.d): the services'
# roles and schemas, from the same deploy/postgres/roles.sql as the local run.
set -eu
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -v database="$POSTGRES_DB" \
  -v ingestion_password="$TRADEMESH_PG_INGESTION_PASSWORD" -v projections_password="$TRADEMESH_PG_PROJECTIONS_PASSWORD" \
  -f /trademesh/roles.sql
