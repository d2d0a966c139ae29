#!/bin/sh
# The whole suite: once on SQLite; the platform tests again with the date moved (faketime); then the
# database tests again on PostgreSQL where one answers.
set -e
BIN=.venv/bin
# Runs the server under faketime at three dates itself: once is enough.
ONCE="--deselect tests/cases/test_platform_commands.py::test_serve_loads_its_demo_on_any_date"
$BIN/pytest "$@"
# The platform, annual-report and supervision tests again with the system date moved past the known
# holiday calendar (chinesecalendar knows 2004–2026): every page, action and background worker must
# work on any date. (annual + supervision add about 1.5 min on 2 cores.)
if command -v faketime >/dev/null 2>&1; then
  echo "== 系统日期移到 2027-06-01（faketime）：平台、年报与监督测试再跑一遍（SQLite）"
  env -u DATABASE_URL faketime '2027-06-01 10:00:00' $BIN/pytest tests/cases tests/api tests/annual tests/supervision $ONCE "$@"
else
  echo "== 未安装 faketime：跳过移动系统日期后的平台测试（scripts/system-packages.sh 可安装）"
fi
PG_URL=${GONGKAI_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}
if $BIN/python -c "import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$PG_URL" 2>/dev/null; then
  echo "== PostgreSQL: $PG_URL"
  if [ -d tests/cases ]; then DATABASE_URL="$PG_URL" $BIN/pytest tests/cases tests/api tests/site tests/annual tests/supervision $ONCE "$@"; fi
else
  echo "== PostgreSQL 未响应（$PG_URL）：跳过 PostgreSQL 测试"
fi
