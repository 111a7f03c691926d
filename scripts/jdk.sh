# Sourced by ./portcullis, ./run-tests and bench/run.sh: exports JAVA_HOME as a JDK >= 21.
# JAVA_HOME wins when it is one; else the newest JDK under /usr/lib/jvm; else `java` on PATH.
portcullis_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2; exit}'
}
portcullis_find_jdk() {
  local cand best="" best_major=0 major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(portcullis_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then echo "$JAVA_HOME"; return 0; fi
  fi
  for cand in /usr/lib/jvm/*/; do
    cand=${cand%/}
    [ -x "$cand/bin/javac" ] || continue
    [ -L "$cand" ] && continue
    major=$(portcullis_java_major "$cand")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then best=$cand; best_major=$major; fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    cand=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(portcullis_java_major "$cand")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then best=$cand; fi
  fi
  [ -n "$best" ] || return 1
  echo "$best"
}
if ! JAVA_HOME=$(portcullis_find_jdk); then
  echo "portcullis: no JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm/*). Install one, e.g. apt-get install openjdk-21-jdk or Temurin 21+." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
