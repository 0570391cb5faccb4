#!/usr/bin/env bash
# The state store's kill -9 test with many more trials than the suite runs (TRIALS, default 200):
# a child JVM writes Persist-style values and bookmarks as fast as it can, is killed with SIGKILL at
# a random moment, and the store is reopened and checked against every write the child reported.
set -euo pipefail
cd "$(dirname "$0")/.."
TRIALS=${TRIALS:-200}
./mvnw -q -B test -Dtest=StateCrashTest -Dsluice.crash.trials="$TRIALS" -Dsurefire.failIfNoSpecifiedTests=false
grep -h 'Tests run' target/surefire-reports/dev.sluice.state.StateCrashTest.txt
echo "state-crash-soak: $TRIALS kill -9 trials, every acknowledged write found, store reopened every time"
