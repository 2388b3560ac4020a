# The CLI's JVM: its options and its ahead-of-time cache (JDK 25, JEP 483/514), in one place.
#   . tools/cli-jvm.sh; fleetroll_cli_jvm DIR JAVA_HOME   sets FLEETROLL_CLI_JVM (array): the options to run
#                                                        DIR/fleetroll.jar with, its cache among them when fresh
#   tools/cli-jvm.sh train DIR                           the build's training run: writes DIR/fleetroll.aot
# The cache holds the classes the common commands load, parsed and linked; it saves about two thirds of a
# command's start. Only the build writes it (Maven, package phase: starter/target for ./fleetroll, and in
# dist on the jars the package carries, for its bin/fleetroll), never a command: two first runs would race
# to write it. A cache is used only when it was built by this JDK from exactly these jars (their sizes and
# times, listed in DIR/fleetroll.aot.jars), and -Xlog keeps the JVM's warnings about one off the terminal,
# where they would land on stdout, into --json output.

# Serial GC and C1 only: a short-lived process with a small heap. Reflection (picocli reads every command's
# annotations, Jackson builds records) through native accessors: method handles would spin a class for each
# (a tenth of a command's CPU). At exit the JVM waits up to 300 ms (30 attempts of 10 ms) for threads running
# native code to stop, and gRPC's Netty event loop always is (in epoll_wait): a third of every Temporal
# command's time went to that wait; the CLI exits once its answer is written, nothing else runs then.
# The last two silence JDK 25's warnings about gRPC's Netty (Unsafe, native access).
FLEETROLL_CLI_JVM_OPTIONS=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss2m -Djdk.reflect.useNativeAccessorOnly=true
  -XX:UserThreadWaitAttemptsAtExit=0 --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)

# Which JDK build made a cache: the JVM refuses a cache from another build.
fleetroll_cli_jdk_build() {
  sed -n 's/^JAVA_RUNTIME_VERSION=//p; s/^IMPLEMENTOR=//p' "$1/release" 2>/dev/null | tr -d '"' | tr '\n' ' '
}

# The jars a cache is made from, as the JVM tells them apart: size, modification time, name.
fleetroll_cli_jars() {
  (cd "$1" && stat -c '%s %Y %n' fleetroll.jar lib/*.jar)
}

# True when DIR/fleetroll.aot can be used with the JDK at $2: built by it, from exactly the jars DIR holds.
# The launcher checks the jars itself: the JVM does not always (a cache without picocli's Java 5 classes
# was used with a jar rebuilt behind it), and a stale cache would load old classes.
fleetroll_cli_aot_fresh() {
  local dir=$1 java_home=$2 aot="$1/fleetroll.aot"
  [ -f "$aot" ] && [ -f "$aot.jdk" ] && [ -f "$aot.jars" ] || return 1
  [ "$(cat "$aot.jdk")" = "$(fleetroll_cli_jdk_build "$java_home")" ] || return 1
  [ "$(fleetroll_cli_jars "$dir")" = "$(cat "$aot.jars")" ]
}

fleetroll_cli_jvm() {
  FLEETROLL_CLI_JVM=("${FLEETROLL_CLI_JVM_OPTIONS[@]}")
  if fleetroll_cli_aot_fresh "$1" "$2"; then
    FLEETROLL_CLI_JVM+=(-XX:AOTCache="$1/fleetroll.aot" -Xlog:aot*=off -Xlog:cds*=off)
  fi
}

# Runs `fleetroll aot-training` (the common commands against a stand-in Temporal frontend) with
# -XX:AOTCacheOutput, into a temporary file that replaces the cache only once complete. The JDK is the one
# the launcher will pick (tools/find-jdk.sh), whichever java runs Maven. Without AOTClassLinking the cached
# classes load as a command needs them: linked ahead, all 7,000 (gRPC, Temporal) were loaded at every start,
# --help's too, which on our busy 2-core machine cost more than linking them saves.
fleetroll_cli_train() {
  local dir=$1 java_home home log status=0
  # shellcheck source=tools/find-jdk.sh
  . "$(dirname "${BASH_SOURCE[0]}")/find-jdk.sh"
  fleetroll_find_jdk || return 1
  java_home=$FLEETROLL_JAVA_HOME
  if fleetroll_cli_aot_fresh "$dir" "$java_home" && ! [ "${BASH_SOURCE[0]}" -nt "$dir/fleetroll.aot" ]; then
    return 0 # nothing it was made from changed, these options included
  fi
  rm -f "$dir/fleetroll.aot" "$dir/fleetroll.aot.jdk" "$dir/fleetroll.aot.jars"
  home="$(mktemp -d)"
  log="$dir/fleetroll.aot.log"
  env -u FLEETROLL_TEMPORAL_ADDRESS -u JAVA_TOOL_OPTIONS FLEETROLL_HOME="$home" FLEETROLL_ACTOR=training \
    "$java_home/bin/java" "${FLEETROLL_CLI_JVM_OPTIONS[@]}" -XX:-AOTClassLinking \
    -XX:AOTCacheOutput="$dir/fleetroll.aot.tmp" \
    -jar "$dir/fleetroll.jar" aot-training >"$log" 2>&1 || status=$?
  rm -rf "$home"
  if [ "$status" != 0 ] || [ ! -s "$dir/fleetroll.aot.tmp" ]; then
    echo "fleetroll: training the CLI's start-up cache failed (exit $status); see $log" >&2
    rm -f "$dir/fleetroll.aot.tmp"
    return 1
  fi
  fleetroll_cli_jdk_build "$java_home" >"$dir/fleetroll.aot.jdk"
  fleetroll_cli_jars "$dir" >"$dir/fleetroll.aot.jars"
  mv -f "$dir/fleetroll.aot.tmp" "$dir/fleetroll.aot"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    train) fleetroll_cli_train "${2:?usage: tools/cli-jvm.sh train DIR}" ;;
    *) echo "usage: tools/cli-jvm.sh train DIR" >&2; exit 2 ;;
  esac
fi
