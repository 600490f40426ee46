#!/usr/bin/env bash
# Every row of issue 17's table in one run, one script after the other, each printing its
# own medians, floors and load averages: the whole-process rows (10,000 × 40 csv and xlsx
# into SQLite and PostgreSQL, `coursekit courses`, the zip bomb), the TUI in tmux at
# 120x40 and 80x24, and the department on PostgreSQL (DBNAME is created and dropped).
#   usage: benchmarks/bench_issue17.sh DBNAME [OUT]   (OUT: a file for the whole log)
# BIG=0 leaves out the 100,000 × 40 import (one round; its peak RSS is the row's point).
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:?usage: bench_issue17.sh DBNAME [OUT]}
out=${2:-/dev/stdout}
py=${PYTHON:-python}
{
  echo "# issue 17 benchmarks, $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "## bench_process.py --rounds 5"
  "$py" benchmarks/bench_process.py --rounds 5
  if [[ ${BIG:-1} == 1 ]]; then
    echo "## bench_process.py --students 100000 --rounds 1 --only csv xlsx"
    "$py" benchmarks/bench_process.py --students 100000 --rounds 1 --only csv xlsx
  fi
  echo "## bench_tui_tmux.py --runs 5 --size 120x40"
  "$py" benchmarks/bench_tui_tmux.py --runs 5 --size 120x40
  echo "## bench_tui_tmux.py --runs 5 --size 80x24"
  "$py" benchmarks/bench_tui_tmux.py --runs 5 --size 80x24
  echo "## bench_department.py $db --runs 3"
  "$py" benchmarks/bench_department.py "$db" --runs 3
  echo "# done $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out" 2>&1
