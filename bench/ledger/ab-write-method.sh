#!/bin/bash
# A/B of the ledger's PostgreSQL write methods: 60 s of 8 appenders x batches of 1,024, fresh schema each run.
# Usage: ./mvnw -q -pl cost-ledger-service install -DskipTests; bench/ledger/ab-write-method.sh  (METHODS="copy unnest" to choose)
# Needs the local PostgreSQL (trust auth, database test); uses and drops schema ledger_bench, ports 18184/19184.
cd "$(dirname "$0")/../.."
export JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-2*-jdk* 2>/dev/null | tail -1)}" PATH="$JAVA_HOME/bin:$PATH"
CP=$(ls cost-ledger-service/target/quarkus-app/lib/main/*.jar | tr '\n' ':')
mkdir -p /tmp/lbench && javac -d /tmp/lbench -cp "$CP" bench/src/main/java/io/tollgate/bench/ledger/LedgerBench.java || exit 1
pgcpu() { ps -C postgres -o times= | awk '{s+=$1} END {print s}'; }
for method in ${METHODS:-unnest copy unnest copy}; do
  psql -q -h 127.0.0.1 -U postgres test -c "drop schema if exists ledger_bench cascade" -c "checkpoint" >/dev/null 2>&1
  TOLLGATE_LEDGER_STORE=postgresql TOLLGATE_LEDGER_SCHEMA=ledger_bench java -Xmx512m -Dquarkus.http.port=18184 \
    -Dquarkus.grpc.server.port=19184 -Dtollgate.ledger.finance-keys=bench -Dtollgate.ledger.write-method=$method \
    -jar cost-ledger-service/target/quarkus-app/quarkus-run.jar > /tmp/ledger-$method.log 2>&1 &
  LPID=$!
  for i in $(seq 1 60); do curl -sf localhost:18184/q/health >/dev/null && break; sleep 1; done
  t0=$(awk '{print $14+$15}' /proc/$LPID/stat); p0=$(pgcpu)
  echo "== $method (load $(cut -d' ' -f1 /proc/loadavg))"
  java -Xmx3g -cp "/tmp/lbench:$CP" io.tollgate.bench.ledger.LedgerBench ingest 19184 60 8 1024 2>&1 | tail -8
  t1=$(awk '{print $14+$15}' /proc/$LPID/stat); p1=$(pgcpu)
  echo "ledger JVM CPU: $(( (t1 - t0) / 100 )) s; postgres CPU: $(( p1 - p0 )) s"
  psql -q -h 127.0.0.1 -U postgres test -t -c "select count(*), (select sum(events) from ledger_bench.cost_rollup_hourly), (select sum(events) from ledger_bench.cost_rollup_daily) from ledger_bench.cost_event"
  kill $LPID; wait $LPID 2>/dev/null
done
psql -q -h 127.0.0.1 -U postgres test -c "drop schema if exists ledger_bench cascade" >/dev/null 2>&1
