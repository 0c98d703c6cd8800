#!/usr/bin/env bash
# Makes lwp4j's local base image without any image registry, and prints its name (the last line of stdout):
#   BASE=$(docker/base-image.sh)  ->  lwp4j-base:<content hash>   (also tagged lwp4j-base:latest)
#
# What is in it, copied from this machine (about 10 s, ~70 MB; debootstrap would take 35-50 s and a mirror):
#   - a JRE jlinked from the local JDK 22+ with the modules lwp4j and its tools need, at /opt/java/openjdk
#     (where eclipse-temurin images keep theirs, so one Dockerfile serves both);
#   - sh, procps (ps -eLf, pgrep, top is left out) and a few coreutils, with exactly the shared libraries that
#     `ldd` names for them and for the JRE;
#   - /etc/passwd and /etc/group (ps prints user names), /tmp (the JVM's attach socket and lwp4j's extracted
#     library), /root, the C.UTF-8 locale (LANG=C.UTF-8).
# Idempotent: the tag is a hash of everything that goes in (this script, the JDK, the copied host files), and an
# image that already has it is kept as it is.  Needs a running Docker engine (docker/engine.sh up).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../.ci/env.sh"

repo=${LWP4J_BASE_REPO:-lwp4j-base}
# java.management + jdk.management: thread MXBeans; jdk.attach + jdk.jcmd: `jcmd <pid> Thread.print` in the
# container; jdk.management.agent + java.management.rmi: `lwp4j ps --java` attaches to another JVM and starts its
# local JMX agent (both JVMs need them, and the lwp4j image runs both); jdk.jfr + jdk.management.jfr: recordings;
# jdk.unsupported: sun.misc.Unsafe users; java.logging: common libraries; jdk.zipfs: reading jars as file systems.
modules=java.base,java.logging,java.management,java.management.rmi,jdk.management,jdk.management.agent,jdk.attach,jdk.jcmd,jdk.jfr,jdk.management.jfr,jdk.unsupported,jdk.zipfs
# The shell and tools a container needs for `docker exec ... ps -eLf` and for the tests' exec probes.
tools=(sh ps pgrep cat ls sleep head tail grep wc sort tr cut id env nproc readlink)

lwp4j_need_jdk22 >/dev/null
jdk=$JAVA_HOME

hostfiles=()
for t in "${tools[@]}"; do
  p=$(command -v "$t") || { echo "base-image: '$t' not found on this machine (ps comes from procps)" >&2; exit 1; }
  hostfiles+=("$p")
done

# The content hash: cheap inputs only, so that a second run answers in well under a second.
tag=$({
  cat "$0"
  echo "$modules"
  cat "$jdk/release"
  for f in "${hostfiles[@]}" /etc/ld.so.cache "$jdk/lib/modules" "$jdk/lib/server/libjvm.so"; do
    stat -L -c '%n %s %Y' "$f"
  done
} | sha256sum | cut -c1-16)
image=$repo:$tag

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "base-image: $image exists" >&2
  docker tag "$image" "$repo:latest"
  echo "$image"
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/lwp4j-base.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"/{bin,etc,opt/java,root,tmp,proc,sys,dev}
chmod 1777 "$root/tmp"
chmod 700 "$root/root"

echo "base-image: jlink $modules" >&2
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$root/opt/java/openjdk"

# Copies file $1 to the same path inside the root, following symlinks (the root has no merged /usr layout, so
# each file lands at the very path the loader or PATH will look for it).
put() {
  mkdir -p "$root$(dirname "$1")"
  cp -L "$1" "$root$1"
}

for p in "${hostfiles[@]}"; do put "$p"; done
[ -e "$root/bin/sh" ] || ln -s "$(command -v sh)" "$root/bin/sh" # Docker's RUN and exec use /bin/sh

# Every system library that the tools and the JRE (launcher, libjvm, each JDK library) load, and the dynamic
# loader; the JRE's own libraries are already in place.
# libgcc_s is dlopen()ed by glibc for pthread_cancel/pthread_exit unwinding, which ldd cannot see.
libs=$(ldd "${hostfiles[@]}" "$root/opt/java/openjdk/bin/"* $(find "$root/opt/java/openjdk/lib" -name '*.so') 2>/dev/null |
  awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }' | grep -v "^$root/" | sort -u)
for l in $libs $(ldconfig -p | awk '/libgcc_s.so.1 .*x86-64|libgcc_s.so.1 .*AArch64/ { print $NF; exit }'); do
  put "$l"
done
case "$(uname -m)" in
  x86_64) loader=/lib64/ld-linux-x86-64.so.2 ;;
  aarch64) loader=/lib/ld-linux-aarch64.so.1 ;;
  *) loader= ;;
esac
[ -z "$loader" ] || [ -e "$root$loader" ] || put "$loader"
# The loader's cache, for the directories the libraries landed in (ldconfig -r chroots: root only; otherwise the
# host's cache, whose entries name the same paths).
dirname $libs | sort -u >"$root/etc/ld.so.conf"
if [ "$(id -u)" = 0 ]; then ldconfig -r "$root"; else cp /etc/ld.so.cache "$root/etc/"; fi

# LANG=C.UTF-8 needs the locale's files (Debian keeps them here): without them Java prints '?' for every
# non-ASCII character, lwp4j's em dashes included.
if [ -d /usr/lib/locale/C.utf8 ]; then mkdir -p "$root/usr/lib/locale" && cp -r /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"; fi

printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"

echo "base-image: importing $image ($(du -sh "$root" | cut -f1))" >&2
tar --numeric-owner -C "$root" -c . | docker import \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/bin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/sh"]' \
  --message "lwp4j base: jlinked JRE from $(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$jdk/release") + procps" \
  - "$image" >/dev/null
# The check: the JRE and ps run on the image's own libraries (a missing one fails here, not in a test later).
if ! docker run --rm --network none "$image" sh -c 'java -version && ps -p 1 -o pid,nlwp,comm' >"$work/check" 2>&1; then
  echo "base-image: $image does not work, removed it:" >&2
  cat "$work/check" >&2
  docker rmi "$image" >/dev/null
  exit 1
fi
docker tag "$image" "$repo:latest"

# Older content tags of this repository are dead weight; remove those no container uses (others stay).
docker image ls "$repo" --format '{{.Repository}}:{{.Tag}}' | grep -v -e ":$tag\$" -e ':latest$' |
  xargs -r docker rmi >/dev/null 2>&1 || true
echo "$image"
