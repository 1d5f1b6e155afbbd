#!/usr/bin/env bash
# Fuzzes every parser that meets the outside world with Jazzer, each target for its @FuzzTest maxDuration (5 min),
# and writes the figures (inputs run, inputs per second, coverage, crashes) to bench/results/fuzz-<date>.txt.
# A crash leaves its input under pec-ejb/src/test/resources/<package>/<Class>Inputs/<method>/ (commit it with the
# fix: it then runs in every build). The corpus grows in pec-ejb/.cifuzz-corpus/ (not committed).
#   bench/fuzz/run.sh                 all targets
#   bench/fuzz/run.sh 'Class#method'  one target
# Jazzer's own variables bound a run otherwise: JAZZER_MAX_EXECUTIONS=100000 (inputs) and JAZZER_MAX_DURATION=1h
# override every target's @FuzzTest(maxExecutions, maxDuration); the run stops at whichever comes first.
set -uo pipefail
cd "$(dirname "$0")/../.."
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(
    'PecParsersFuzzTest#theClassifierShouldJudgeAnyBytesWithoutThrowing'
    'PecParsersFuzzTest#theBriefFormShouldTransformAnyBytesWithoutThrowing'
    'PecParsersFuzzTest#theDaticertReaderShouldReadAnyBytesWithoutThrowing'
    'ProviderLdifFuzzTest#anyLdifShouldGiveARecordReportWithoutThrowing'
    'MimeStructureFuzzTest#anyMessageShouldHaveAStructureWithoutThrowing'
    'ProtocolSessionsFuzzTest#anImapClientShouldNeverMeetAnInternalError'
    'ProtocolSessionsFuzzTest#aPop3ClientShouldNeverMeetAnInternalError'
    'ProtocolSessionsFuzzTest#anImapClientShouldNeverMeetAnInternalErrorOnTheJpaStore'
    'ProtocolSessionsFuzzTest#aPop3ClientShouldNeverMeetAnInternalErrorOnTheJpaStore'
    'VerifyToolFuzzTest#anUploadedEmlShouldGetAVerdictWithoutThrowing'
    'SmtpHandlersFuzzTest#theReceptionTransactionShouldAnswerAnyEnvelopeAndData'
    'SmtpHandlersFuzzTest#theSubmissionTransactionShouldAnswerAnyEnvelopeAndData'
  )
fi
mkdir -p bench/results
out="bench/results/fuzz-$(date -u +%Y-%m-%d).txt"
log_dir=$(mktemp -d)
mvn -B -q -o -pl pec-ejb -am -DskipTests test-compile >/dev/null || { echo "build failed" >&2; exit 1; }
{
  echo "# Jazzer 0.30.0, $(nproc) cores, $(java -version 2>&1 | head -1), $(date -u +%FT%TZ)"
  printf '%-80s %10s %8s %6s %s\n' target inputs exec/s cov result
} >>"$out"
for t in "${targets[@]}"; do
  log="$log_dir/${t//[#\/]/_}.log"
  JAZZER_FUZZ=1 mvn -B -o -pl pec-ejb -am test -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1
  rc=$?
  done_line=$(grep -E '#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
  inputs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$done_line")
  rate=$(sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p' <<<"$done_line")
  cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$done_line")
  result=$([ $rc -eq 0 ] && echo "no crash" || echo "CRASH or failure, see $log")
  # libFuzzer only reports an input slower than 10 s (no per-input timeout here): a hang, to be fixed like a crash
  slowest=$(sed -nE 's/^Slowest unit: ([0-9]+) s.*/\1/p' "$log" | tail -1)
  [ -n "$slowest" ] && result="$result; SLOW input (${slowest} s), kept as slow-unit-* next to the crashes"
  printf '%-80s %10s %8s %6s %s\n' "$t" "${inputs:-?}" "${rate:-?}" "${cov:-?}" "$result" | tee -a "$out"
done
echo "figures appended to $out; logs in $log_dir"
