# Sourced by ./fleetroll and .ci/run: sets FLEETROLL_JAVA_HOME to a JDK 25 or newer, or fails with one line.
# The machines we run on often have an older default `java` and a JDK 25 beside it, with no JAVA_HOME.

fleetroll_jdk_major() { # prints the feature version of the JDK at $1, or nothing
  local release="$1/release"
  [ -x "$1/bin/javac" ] && [ -f "$release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}

fleetroll_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /opt/jdk* "${HOME:-/nonexistent}"/.sdkman/candidates/java/* \
                   /Library/Java/JavaVirtualMachines/*/Contents/Home \
                   "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    major=$(fleetroll_jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      FLEETROLL_JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "fleetroll: no JDK 25 found (looked at JAVA_HOME, /usr/lib/jvm, PATH); install one, e.g. Eclipse Temurin 25 (https://adoptium.net) or 'apt-get install temurin-25-jdk', then retry" >&2
  return 1
}
