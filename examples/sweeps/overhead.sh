#!/usr/bin/env bash
# The engine's overhead: the same small sweep (examples/sweeps/overhead.json, 8 runs) on 2 plain threads and on
# Spark local[2], alternating, REPEATS times each; prints each sweep's engine time (sweep.json "seconds": Spark's
# start and stop included) and the ratio of the medians. Usage: examples/sweeps/overhead.sh [OUT_DIR] [REPEATS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-runs/overhead}"
repeats="${2:-2}"
rm -rf "$out"
for i in $(seq 1 "$repeats"); do
  "$root/grpo4j" sweep --config "$root/examples/sweeps/overhead.json" --out "$out/threads-$i" --engine threads \
    --threads 2 > /dev/null 2>&1
  "$root/grpo4j" sweep --config "$root/examples/sweeps/overhead.json" --out "$out/spark-$i" --master 'local[2]' \
    > /dev/null 2>&1
done
python3 - "$out" "$repeats" <<'PY'
import json, statistics, sys
out, n = sys.argv[1], int(sys.argv[2])
t = [json.load(open(f"{out}/threads-{i}/sweep.json"))["seconds"] for i in range(1, n + 1)]
s = [json.load(open(f"{out}/spark-{i}/sweep.json"))["seconds"] for i in range(1, n + 1)]
print("threads[2] seconds:", " ".join(f"{x:.1f}" for x in t))
print("spark local[2] seconds:", " ".join(f"{x:.1f}" for x in s))
print(f"spark / threads (medians): {statistics.median(s) / statistics.median(t):.3f}")
PY
