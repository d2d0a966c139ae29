#!/bin/sh
# The whole suite: once on SQLite, then the database tests again on PostgreSQL where one answers.
set -e
BIN=.venv/bin
$BIN/pytest "$@"
PG_URL=${GONGKAI_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
if $BIN/python -c "import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$PG_URL" 2>/dev/null; then
  echo "== PostgreSQL: $PG_URL"
  if [ -d tests/cases ]; then DATABASE_URL="$PG_URL" $BIN/pytest tests/cases tests/api tests/site tests/annual tests/supervision "$@"; fi
else
  echo "== PostgreSQL 未响应（$PG_URL）：跳过 PostgreSQL 测试"
fi
