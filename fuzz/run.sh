#!/usr/bin/env bash
# Fuzzes one InitLab parser with AFL++ through SharpFuzz: fuzz/run.sh TARGET [SECONDS]   (targets: npy safetensors idx modelspec scheme)
# Needs: apt-get install afl++; dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0
# Findings go to artifacts/fuzz/findings/TARGET; a crash's input replays with
#   dotnet artifacts/fuzz/bin/initlab-fuzz.dll TARGET artifacts/fuzz/findings/TARGET/default/crashes/id:...
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${1:?usage: fuzz/run.sh npy|safetensors|idx|modelspec|scheme [SECONDS]}"
seconds="${2:-600}"
bin="$root/artifacts/fuzz/bin"
export PATH="$PATH:$HOME/.dotnet/tools"
if [ ! -f "$bin/.instrumented" ] || [ -n "$(find "$root/src/InitLab" "$root/fuzz/InitLab.Fuzz" -name '*.cs' -newer "$bin/.instrumented" -print -quit)" ]; then
  rm -rf "$bin"
  dotnet publish "$root/fuzz/InitLab.Fuzz/InitLab.Fuzz.csproj" -c Release -o "$bin" --nologo -v q
  sharpfuzz "$bin/InitLab.dll"   # instruments the library in place: AFL's coverage map sees InitLab's branches
  touch "$bin/.instrumented"
fi
out="$root/artifacts/fuzz/findings/$target"
rm -rf "$out"
mkdir -p "$out"
AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
  afl-fuzz -V "$seconds" -i "$root/fuzz/corpus/$target" -o "$out" -t 5000 -m none -- dotnet "$bin/initlab-fuzz.dll" "$target" > "$out/afl.log" 2>&1 || true
stats="$out/default/fuzzer_stats"
[ -f "$stats" ] || { tail -20 "$out/afl.log" >&2; exit 1; }
get() { grep "^$1 " "$stats" | sed 's/.*: //'; }
echo "$target: $(get execs_done) executions in $(get run_time) s, $(get corpus_count) corpus entries, $(get saved_crashes) crashes, $(get saved_hangs) hangs"
