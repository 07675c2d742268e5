#!/usr/bin/env bash
# Makes sure a PostgreSQL answers on 127.0.0.1:5432 with a database `test` that the postgres user
# reaches without a password, as the postgres-store tests expect (the README's prerequisite).
set -euo pipefail
if pg_isready -q -h 127.0.0.1 -p 5432; then
  :
else
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n1)
  if [ -z "$version" ]; then echo "PostgreSQL is not installed" >&2; exit 1; fi
  hba=/etc/postgresql/$version/main/pg_hba.conf
  # A fresh Debian install asks for passwords on TCP; the tests use trust on loopback only.
  if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -d postgres -c 'CREATE DATABASE test'
psql -h 127.0.0.1 -U postgres -d test -tAc 'SELECT 1' >/dev/null
echo "PostgreSQL ready"
