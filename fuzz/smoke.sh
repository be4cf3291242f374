#!/usr/bin/env bash
# The CI fuzz smoke run: every target under AFL++ for a few seconds (fuzz/smoke.sh [SECONDS], default 15).
# Fails when AFL++ saves a crash or a hang; skips (exit 0, one line on stderr) when afl-fuzz or sharpfuzz is absent,
# because ./test's FuzzCorpusTests already replays the corpora and 5,000 deterministic mutants per target without them.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-15}"
export PATH="$PATH:$HOME/.dotnet/tools"
for tool in afl-fuzz sharpfuzz; do
  command -v "$tool" >/dev/null 2>&1 || { echo "fuzz smoke: $tool not found; skipped (apt-get install afl++; dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0)" >&2; exit 0; }
done
failed=0
for target in npy safetensors idx modelspec scheme; do
  line=$("$root/fuzz/run.sh" "$target" "$seconds") || { echo "fuzz smoke: $target did not run" >&2; failed=1; continue; }
  echo "fuzz smoke: $line"
  stats="$root/artifacts/fuzz/findings/$target/default/fuzzer_stats"
  crashes=$(grep '^saved_crashes ' "$stats" | sed 's/.*: //'); hangs=$(grep '^saved_hangs ' "$stats" | sed 's/.*: //')
  if [ "${crashes:-0}" != 0 ] || [ "${hangs:-0}" != 0 ]; then
    echo "fuzz smoke: $target saved $crashes crash(es), $hangs hang(s) in $root/artifacts/fuzz/findings/$target/default" >&2
    failed=1
  fi
done
exit $failed
