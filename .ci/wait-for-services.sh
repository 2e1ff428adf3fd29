#!/usr/bin/env bash
# Waits (briefly) for the PostgreSQL and Redis that DATABASE_URL and REDIS_URL name, and makes sure the
# server can create the vector extension, so a missing dependency fails here with a clear message.
set -euo pipefail
for _ in $(seq 1 30); do
  if psql "$DATABASE_URL" -Atqc 'select 1' >/dev/null 2>&1; then break; fi
  sleep 1
done
psql "$DATABASE_URL" -Atqc 'select 1' >/dev/null || { echo "PostgreSQL at DATABASE_URL is not reachable" >&2; exit 1; }
psql "$DATABASE_URL" -Atqc "select 1 from pg_available_extensions where name = 'vector'" | grep -q 1 ||
  { echo "PostgreSQL has no pgvector extension available" >&2; exit 1; }
redis_host=$(node -e 'const u=new URL(process.argv[1]);console.log(u.hostname)' "$REDIS_URL")
redis_port=$(node -e 'const u=new URL(process.argv[1]);console.log(u.port||6379)' "$REDIS_URL")
for _ in $(seq 1 30); do
  if [ "$(redis-cli -h "$redis_host" -p "$redis_port" ping 2>/dev/null)" = "PONG" ]; then exit 0; fi
  sleep 1
done
echo "Redis at REDIS_URL is not reachable" >&2
exit 1
