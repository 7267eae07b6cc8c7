#!/usr/bin/env bash
# Start-up time of a stackdiff binary beside the cheapest programs there are, in one run:
#
#   scripts/measure-startup.sh path/to/stackdiff [RUNS] [ROUNDS]
#
# Each command is started RUNS times in a loop (fork + exec + exit, output to /dev/null), in
# ROUNDS rounds that alternate the commands so that a busy machine slows them alike. Prints the
# mean time per run of each command, over all rounds, and the fastest round's.
set -euo pipefail
bin=$(realpath "$1")
runs=${2:-200}
rounds=${3:-5}
sample=$(cd "$(dirname "$0")/.." && pwd)/SampleDumps/go/logsfollow/leaky-after.txt

commands=(
  "/bin/true"
  "/bin/cat /dev/null"
  "$bin --version"
  "$bin show $sample"
)
labels=("true" "cat /dev/null" "stackdiff --version" "stackdiff show leaky-after.txt (18 goroutines)")

declare -A total best
for ((r = 0; r < rounds; r++)); do
  for i in "${!commands[@]}"; do
    read -ra argv <<<"${commands[$i]}"
    start=$(date +%s%N)
    for ((n = 0; n < runs; n++)); do "${argv[@]}" >/dev/null; done
    ns=$(($(date +%s%N) - start))
    total[$i]=$((${total[$i]:-0} + ns))
    if [[ -z ${best[$i]:-} || $ns -lt ${best[$i]} ]]; then best[$i]=$ns; fi
  done
done

echo "$(uname -m), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds of $runs runs"
printf '%-48s %12s %14s\n' command "mean per run" "fastest round"
for i in "${!commands[@]}"; do
  awk -v label="${labels[$i]}" -v total="${total[$i]}" -v best="${best[$i]}" -v runs="$runs" \
    -v rounds="$rounds" 'BEGIN { printf "%-48s %9.2f ms %11.2f ms\n", label, total / (rounds * runs) / 1e6, best / runs / 1e6 }'
done
