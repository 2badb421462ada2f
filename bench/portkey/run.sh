#!/usr/bin/env bash
# Side-by-side gateway overhead: Tollgate vs Portkey's open-source gateway (@portkey-ai/gateway, pinned in
# package.json), both in front of the same replay provider with a fixed answer delay, same open-loop load, same
# machine, alternating runs. Prints one table (docs/benchmarks.md, "Gateway overhead").
#
#   bench/portkey/run.sh [extra GatewayBench options, e.g. --rounds=3 --duration=20s --rates=250,500,1000]
#
# Needs: the Tollgate jars (./tollgate build), Node.js >= 18 and npm (first run installs into bench/portkey/node_modules).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PORTKEY_PORT=${PORTKEY_PORT:-38787}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"

cd "$HERE"
if [ ! -f node_modules/@portkey-ai/gateway/build/start-server.js ]; then
  echo "installing @portkey-ai/gateway (npm)..."
  npm install --no-audit --no-fund
fi
echo "Portkey gateway $(node -p "require('./node_modules/@portkey-ai/gateway/package.json').version"), node $(node --version)"

# production mode: no request-log UI; --headless: no console UI. 127.0.0.1 is a trusted custom host by default.
NODE_ENV=production node node_modules/@portkey-ai/gateway/build/start-server.js --port="$PORTKEY_PORT" --headless \
  > "$HERE/portkey.log" 2>&1 &
PORTKEY_PID=$!
trap 'kill "$PORTKEY_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORTKEY_PORT/" >/dev/null 2>&1 && break
  kill -0 "$PORTKEY_PID" 2>/dev/null || { echo "Portkey exited:"; cat "$HERE/portkey.log"; exit 1; }
  sleep 0.2
done
echo "Portkey up on :$PORTKEY_PORT (pid $PORTKEY_PID)"

cd "$ROOT"
if [ ! -f bench/target/classes/io/tollgate/bench/load/GatewayBench.class ]; then
  ./mvnw -q -pl suite,bench install -DskipTests
fi
# A plain JVM rather than exec:java: no Maven JVM competing for the same 2 cores during the measurement.
# The suite's build writes its runtime classpath (suite/target/classpath.txt), which is all the load bench needs;
# dependency:build-classpath is the fallback (it needs the dependency plugin in the local repository).
if [ -f suite/target/classpath.txt ]; then
  CP="bench/target/classes:suite/target/classes:$(cat suite/target/classpath.txt)"
else
  ./mvnw -q -o -pl bench dependency:build-classpath -Dmdep.outputFile=bench/target/bench.classpath >/dev/null
  CP="bench/target/classes:$(cat bench/target/bench.classpath)"
fi
java -Xmx512m -Dtollgate.root="$ROOT" -cp "$CP" io.tollgate.bench.load.GatewayBench \
  --scenarios=miss --portkey-url="http://127.0.0.1:$PORTKEY_PORT" --portkey-pid="$PORTKEY_PID" --rounds=3 "$@"
