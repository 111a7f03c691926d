#!/usr/bin/env bash
# JMH benchmarks of the authentication code paths (no HTTP, no database): bench/jmh.sh [REGEX] [JMH options]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
./mvnw -B -q -ntp -DskipTests -pl bench -am package
exec "$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar "${@:-.}"
