#!/usr/bin/env bash
# Benchmarks envfence against gitleaks on the same synthetic trees and
# pushes, and checks that every planted violation is found.
#   bash bench/run.sh [sizes...]     (default: 1000 10000 100000)
# Prints wall time, CPU time and peak memory from one run of each, and the
# ratios. Needs git; installs gitleaks v8.30.0 with go install and GNU time
# with apt-get when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$(pwd)/bench/_out"
mkdir -p "$OUT"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)

go build -o "$OUT/envfence" ./cmd/envfence
GITLEAKS=$(command -v gitleaks || echo "$(go env GOPATH)/bin/gitleaks")
if [ ! -x "$GITLEAKS" ]; then
  go install github.com/zricethezav/gitleaks/v8@v8.30.0
fi
if [ ! -x /usr/bin/time ]; then
  apt-get update -qq >/dev/null && apt-get install -y -qq time >/dev/null
fi

# measure CMD... prints "wall cpu rss" (seconds, seconds, MiB): wall time
# from the shell's microsecond clock, CPU time and peak memory from GNU
# time (whose own clock counts in hundredths).
measure() {
  local log="$OUT/time.log" start end
  start=$EPOCHREALTIME
  /usr/bin/time -f '%U %S %M' -o "$log" "$@" >/dev/null 2>&1 || true
  end=$EPOCHREALTIME
  tail -n 1 "$log" | awk -v s="$start" -v e="$end" '{printf "%.3f %.3f %.1f\n", e-s, $1+$2, $3/1024}'
}

# median5 SETUP CMD... runs SETUP (unmeasured), then measures CMD, five
# times, and prints the run with the median wall time: a hook run takes a
# few hundredths of a second, where one run says little.
median5() {
  local setup=$1 runs=()
  shift
  for _ in 1 2 3 4 5; do
    eval "$setup"
    runs+=("$(measure "$@")")
  done
  printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p
}

printf '%-8s %-10s %8s %8s %9s\n' files tool wall_s cpu_s rss_MiB
for n in "${sizes[@]}"; do
  repo="$OUT/repo$n"
  [ -d "$repo" ] || go -C bench run ./gen -out "$repo" -files "$n" >/dev/null
  # Warm the page cache so that every tool reads from memory, not disk.
  find "$repo" -type f -exec cat {} + > /dev/null
  read -r ew ec em < <(measure "$OUT/envfence" scan "$repo" --format json --output "$OUT/report$n.json" --fail-on none)
  read -r gw gc gm < <(measure "$GITLEAKS" dir "$repo" --no-banner --exit-code 0 --report-path "$OUT/gitleaks$n.json")
  read -r rw rc rm < <(measure sh -c "find '$repo' -type f \( -name '.env*' -o -name '*.y*ml' -o -name '*.json' -o -name '*.properties' -o -name '*.toml' -o -name 'Makefile' -o -name '*.sh' -o -name '*.key' -o -name CODEOWNERS \) -exec cat {} + > /dev/null")
  printf '%-8s %-10s %8s %8s %9s\n' "$n" envfence "$ew" "$ec" "$em"
  printf '%-8s %-10s %8s %8s %9s\n' "$n" gitleaks "$gw" "$gc" "$gm"
  printf '%-8s %-10s %8s %8s %9s\n' "$n" read-only "$rw" "$rc" "$rm"
  awk -v e="$ew" -v g="$gw" -v r="$rw" 'BEGIN{printf "         gitleaks/envfence wall: %.1fx   envfence/read wall: %.1fx\n", g/e, e/(r>0?r:0.001)}'
  go -C bench run ./recall -expected "$repo.expected.json" -report "$OUT/report$n.json" | tail -1
done

# The pre-receive hook on pushes of 1, 10 and 1,000 commits, the median of
# five runs each. "cold" is the
# first push the hook sees in the repository. "warm" is the steady state of
# a server, where the previous push ended at this push's base and was
# accepted, leaving its trees, findings and file index in $GIT_DIR/envfence:
# a first, unmeasured run creates the branch at the base (let through with
# break-glass, as the synthetic tree has violations), then the push is
# measured. Every run uses the same server policy, which enables
# break-glass.
export ENVFENCE_CONFIG="$OUT/server.yml"
printf 'hook:\n  bypass:\n    enabled: true\n    audit-log: %s\n' "$OUT/bypass.jsonl" > "$ENVFENCE_CONFIG"
hist="$OUT/history"
if [ ! -d "$hist" ]; then
  go -C bench run ./gen -out "$hist" -files 10000 -git -commits 1000 >/dev/null
fi
# Each push: label, old tip, new tip. Every tenth commit of the history
# changes configuration, HEAD included; HEAD~1 changes only source code.
pushes=("1:HEAD~1:HEAD" "1-code-only:HEAD~2:HEAD~1" "10:HEAD~10:HEAD" "1000:HEAD~1000:HEAD")
printf '\n%-12s %-15s %8s %8s %9s\n' commits tool wall_s cpu_s rss_MiB
for p in "${pushes[@]}"; do
  IFS=: read -r label from to <<< "$p"
  old=$(git -C "$hist" rev-parse "$from")
  new=$(git -C "$hist" rev-parse "$to")
  bare="$OUT/hook-$label.git"
  rm -rf "$bare" && git clone -q --bare "$hist" "$bare" && git -C "$bare" config gc.auto 0 && git -C "$bare" update-ref refs/heads/main "$old"
  echo "$old $new refs/heads/main" > "$OUT/stdin"
  hook="cd '$bare' && GIT_DIR=. '$OUT/envfence' hook pre-receive < '$OUT/stdin'"
  read -r cw cc cm < <(median5 'rm -rf "$bare/envfence"' sh -c "$hook > '$OUT/hook-$label.cold' 2>&1")
  rm -rf "$bare/envfence" && git -C "$bare" update-ref -d refs/heads/main
  echo "0000000000000000000000000000000000000000 $old refs/heads/main" |
    (cd "$bare" && GIT_DIR=. GIT_PUSH_OPTION_COUNT=1 GIT_PUSH_OPTION_0="envfence.bypass=bench warm-up" \
      "$OUT/envfence" hook pre-receive >/dev/null 2>&1) || true
  git -C "$bare" update-ref refs/heads/main "$old"
  rm -rf "$OUT/warm-state" && cp -r "$bare/envfence" "$OUT/warm-state"
  read -r hw hc hm < <(median5 'rm -rf "$bare/envfence" && cp -r "$OUT/warm-state" "$bare/envfence"' sh -c "$hook > '$OUT/hook-$label.warm' 2>&1")
  read -r lw lc lm < <(median5 : "$GITLEAKS" git "$hist" --no-banner --exit-code 0 "--log-opts=$old..$new" --report-path "$OUT/gitleaks-git-$label.json")
  printf '%-12s %-15s %8s %8s %9s\n' "$label" "envfence cold" "$cw" "$cc" "$cm"
  printf '%-12s %-15s %8s %8s %9s\n' "$label" "envfence warm" "$hw" "$hc" "$hm"
  printf '%-12s %-15s %8s %8s %9s\n' "$label" gitleaks "$lw" "$lc" "$lm"
  awk -v g="$lw" -v w="$hw" -v c="$cw" 'BEGIN{printf "             gitleaks/envfence wall: warm %.1fx, cold %.1fx\n", g/w, g/c}'
  # The warm run reads a part of the tree; it must say what the cold one says.
  if cmp -s "$OUT/hook-$label.cold" "$OUT/hook-$label.warm"; then
    echo "             warm and cold runs report the same findings ($(grep -c ' (commit ' "$OUT/hook-$label.cold" || true) lines)"
  else
    echo "             WARM AND COLD RUNS DIFFER: diff $OUT/hook-$label.cold $OUT/hook-$label.warm"
  fi
done
