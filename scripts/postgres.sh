#!/usr/bin/env bash
# Install and start a local PostgreSQL (Debian, as root) for the PostgreSQL variant of the tests,
# listening on 127.0.0.1 only, with role/database paralelo/paralelo_test. Prints the URL to use.
set -euo pipefail
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
read -r version cluster port _ < <(pg_lsclusters --no-header | head -n 1)
if ! pg_lsclusters --no-header | head -n 1 | grep -q online; then
  pg_ctlcluster "$version" "$cluster" start -- -o "-c listen_addresses=127.0.0.1" >/dev/null 2>&1 \
    || pg_ctlcluster "$version" "$cluster" start >/dev/null
fi
as_postgres() { su postgres -c "$1" >/dev/null; }
if ! su postgres -c "psql -p $port -tAc \"select 1 from pg_roles where rolname='paralelo'\"" | grep -q 1; then
  as_postgres "psql -p $port -c \"create role paralelo login password 'paralelo'\""
fi
if ! su postgres -c "psql -p $port -tAc \"select 1 from pg_database where datname='paralelo_test'\"" | grep -q 1; then
  as_postgres "createdb -p $port -O paralelo paralelo_test"
fi
echo "postgresql+psycopg://paralelo:paralelo@127.0.0.1:$port/paralelo_test"
