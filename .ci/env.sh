# Shared by .ci/test, .ci/run and java/cli/lwp4j (sourced, not run): find the JDKs, install what the build needs.
# shellcheck shell=bash

# The feature version of the java in $1 (e.g. 25), or nothing.
lwp4j_java_feature() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n1
}

# Prints a JDK home of feature >= $1 (and <= $2 when given): JAVA_HOME first, then the newest under /usr/lib/jvm.
lwp4j_find_jdk() {
  local min=$1 max=${2:-999} best="" bestv=0 h v
  for h in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$h" ] && [ -x "$h/bin/javac" ] || continue
    v=$(lwp4j_java_feature "$h")
    [ -n "$v" ] && [ "$v" -ge "$min" ] && [ "$v" -le "$max" ] || continue
    if [ "$h" = "${JAVA_HOME:-}" ]; then echo "$h"; return 0; fi
    if [ "$v" -gt "$bestv" ]; then best=$h; bestv=$v; fi
  done
  [ -n "$best" ] && echo "$best"
}

lwp4j_need_jdk22() {
  LWP4J_JDK=$(lwp4j_find_jdk 22) || true
  if [ -z "${LWP4J_JDK:-}" ]; then
    echo "lwp4j: the build needs a JDK 22 or newer (for the FFM backend); none found in JAVA_HOME or /usr/lib/jvm." >&2
    echo "       Install one (Debian: apt-get install openjdk-25-jdk-headless; or Temurin 25) or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME=$LWP4J_JDK
  # Maven 3.8's own Guice/Guava call sun.misc.Unsafe; on JDK 24+ that prints four WARNING lines per build. They are
  # Maven's, not lwp4j's: silence them for Maven's JVM only (the tests' JVMs are forked and unaffected). The option
  # exists from JDK 23 on.
  if [ "$(lwp4j_java_feature "$JAVA_HOME")" -ge 23 ]; then
    case " ${MAVEN_OPTS:-} " in
      *sun-misc-unsafe-memory-access*) ;;
      *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
}

# The JDK 17 the JNA and jnr-ffi backends' contract suite also runs on (-Dlwp4j.jdk17): found under /usr/lib/jvm,
# installed (openjdk-17-jdk-headless) when missing and root. Sets LWP4J_JDK17.
lwp4j_need_jdk17() {
  LWP4J_JDK17=$(JAVA_HOME= lwp4j_find_jdk 17 17) || true
  if [ -z "${LWP4J_JDK17:-}" ]; then
    echo "lwp4j: installing openjdk-17-jdk-headless (the Java 17 run of the JNA and jnr-ffi backends)" >&2
    lwp4j_apt_install openjdk-17-jdk-headless || true
    LWP4J_JDK17=$(JAVA_HOME= lwp4j_find_jdk 17 17) || true
  fi
  if [ -z "${LWP4J_JDK17:-}" ]; then
    echo "lwp4j: the tests need a JDK 17 too (the JNA and jnr-ffi backends run the suite on it); none found under" >&2
    echo "       /usr/lib/jvm. Install one (Debian: apt-get install openjdk-17-jdk-headless; or Temurin 17)." >&2
    return 1
  fi
}

lwp4j_as_root() { [ "$(id -u)" = 0 ]; }

# Headless Chromium (Debian's chromium) for the test that opens lwp4j record's HTML view in a real browser: installed
# when missing and root. Sets LWP4J_BROWSER_ARGS: -Dlwp4j.browser.required=true when root or a browser is there (a
# missing browser then fails that test instead of skipping it).
lwp4j_need_chromium() {
  LWP4J_BROWSER_ARGS=()
  if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && lwp4j_as_root; then
    echo "lwp4j: installing chromium (the headless browser of lwp4j record's HTML view test)" >&2
    lwp4j_apt_install chromium || echo "lwp4j: could not install chromium" >&2
  fi
  if lwp4j_as_root || command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then
    LWP4J_BROWSER_ARGS=(-Dlwp4j.browser.required=true)
  fi
}

# asciidoctor turns picocli's AsciiDoc man pages into troff at build time (java/cli's GenerateDocs): installed when
# root and missing; then the CLI's artifact test requires the troff pages (LWP4J_MAN_ARGS).
lwp4j_need_asciidoctor() {
  LWP4J_MAN_ARGS=()
  if ! command -v asciidoctor >/dev/null && lwp4j_as_root; then
    echo "lwp4j: installing asciidoctor (the CLI's man pages as troff)" >&2
    lwp4j_apt_install asciidoctor || echo "lwp4j: could not install asciidoctor" >&2
  fi
  if lwp4j_as_root || command -v asciidoctor >/dev/null; then
    LWP4J_MAN_ARGS=(-Dlwp4j.manpages.required=true)
  fi
}

LWP4J_APT_UPDATED=
lwp4j_apt_install() {
  lwp4j_as_root || return 1
  if [ -z "$LWP4J_APT_UPDATED" ]; then
    apt-get update -qq >/dev/null 2>&1 || true
    LWP4J_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The native toolchain (required), the aarch64 cross compiler and qemu for its C tests (optional), procps (ps).
lwp4j_ensure_toolchain() {
  local missing=()
  command -v cmake >/dev/null || missing+=(cmake)
  command -v gcc >/dev/null || missing+=(gcc libc6-dev)
  command -v mvn >/dev/null || missing+=(maven)
  command -v ps >/dev/null || missing+=(procps)
  if ((${#missing[@]})); then
    echo "lwp4j: installing ${missing[*]}" >&2
    lwp4j_apt_install "${missing[@]}" || {
      echo "lwp4j: missing ${missing[*]}; install them (as root: apt-get install ${missing[*]})" >&2
      return 1
    }
  fi
  if [ "${LWP4J_CROSS:-1}" = 1 ] && ! command -v aarch64-linux-gnu-gcc >/dev/null && lwp4j_as_root; then
    echo "lwp4j: installing the aarch64 cross compiler (gcc-aarch64-linux-gnu, qemu-user for its C tests)" >&2
    lwp4j_apt_install gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user ||
      echo "lwp4j: no aarch64 cross compiler; the jar will carry linux-x86_64 only" >&2
  fi
}

