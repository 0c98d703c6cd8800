#!/usr/bin/env bash
# lwp4j in a Docker container, seen from both sides of the PID namespace:
#   1. `lwp4j tour` inside a container of the lwp4j image;
#   2. a container whose PID 1 is a JVM with named worker threads: the container's own `ps -eLf` (docker exec),
#      the host's `ps -eLf` of the same process, and the TID mapping between them (NSpid), side by side; then
#      lwp4j's view from both sides (`lwp4j ps --java` on the host, `lwp4j ps` and `ps --java` inside);
#   3. the course's demos inside a container (kernel threads are not visible there: a PID namespace), then the image
#      server (`demo server --serve`) in a container whose port 3000 is published on the host's 127.0.0.1 only,
#      an image fetched from the host with curl, a traversal refused, and `docker stop` (SIGTERM) with its summary.
# Usage: docker/demo.sh [WORKERS]   (root installs and starts Docker if needed, and stops it after if it did)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. .ci/env.sh
. docker/engine.sh
workers=${1:-4}
jar=java/cli/target/lwp4j.jar
name=lwp4j-demo-$$

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
cleanup() {
  docker rm -f "$name" "$name-server" >/dev/null 2>&1 || true
  lwp4j_engine_down
}

lwp4j_engine_up
trap cleanup EXIT
lwp4j_need_jdk22
if [ ! -f "$jar" ] || [ ! -d java/it/target/test-classes/io/lwp4j/it ]; then
  echo "demo: building the lwp4j jar and the test workload (mvn, tests skipped)..." >&2
  lwp4j_ensure_toolchain >&2
  mvn -q -B -ntp -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true test-compile package -pl java/it -am >&2
fi
base=$(docker/base-image.sh 2>/dev/null)
# The classic builder (BuildKit would pull its frontend) warns that it is deprecated: show its output on failure only.
DOCKER_BUILDKIT=0 docker build -q --network none --build-arg "BASE_IMAGE=$base" -f docker/Dockerfile -t lwp4j:demo . \
  >"/tmp/$name.build" 2>&1 || { cat "/tmp/$name.build" >&2; exit 1; }
rm -f "/tmp/$name.build"

say "docker run --rm --network none lwp4j:demo tour"
docker run --rm --network none lwp4j:demo tour

# The workload: java/it's Workload (named, parked platform threads that print the TID lwp4j gives them).
docker create --name "$name" --network none --entrypoint java lwp4j:demo \
  -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -cp /opt/lwp4j/lwp4j.jar:/opt/lwp4j-it \
  io.lwp4j.it.Workload "$workers" >/dev/null
docker cp java/it/target/test-classes "$name:/opt/lwp4j-it"
docker start "$name" >/dev/null
for _ in $(seq 100); do docker logs "$name" 2>&1 | grep -q 'lwp4j-workload ready' && break; sleep 0.1; done
hostpid=$(docker inspect -f '{{.State.Pid}}' "$name")

say "docker logs $name      # each worker: the TID lwp4j's JavaThreads.currentTid() gives it, inside"
docker logs "$name" 2>&1

say "docker exec $name ps -eLf"
docker exec "$name" ps -eLf | cut -c1-110

say "ps -eLf | awk 'NR==1 || \$2==$hostpid'      # the same JVM on the host"
ps -eLf | awk -v p="$hostpid" 'NR == 1 || $2 == p' | cut -c1-110

say "side by side: host ps -eLf row | container ps -eLf row, joined through NSpid in /proc/$hostpid/task/*/status"
docker exec "$name" ps -eLf >"/tmp/$name.in"
for t in /proc/"$hostpid"/task/*; do
  read -r _ host inner < <(grep '^NSpid:' "$t/status")
  echo "$host $inner $(cat "$t/comm")"
done | sort -n | awk -v hp="$hostpid" -v hu="$(ps -o user=,nlwp= -p "$hostpid")" -v inside="/tmp/$name.in" '
  BEGIN {
    while ((getline l < inside) > 0) { split(l, f); if (f[2] == 1) { lwp[f[4]] = f[1] " " f[2] " " f[4] " " f[6] } }
    printf "%-8s %7s %7s %4s    %-8s %7s %7s %4s    %s\n", "UID", "PID", "LWP", "NLWP", "UID", "PID", "LWP", "NLWP", "COMM"
    split(hu, h)
  }
  {
    host = $1; inner = $2; comm = substr($0, length($1) + length($2) + 3)
    split(lwp[inner], c)
    printf "%-8s %7s %7s %4s    %-8s %7s %7s %4s    %s\n", h[1], hp, host, h[2], c[1], c[2], c[3], c[4], comm
  }'
rm -f "/tmp/$name.in"

say "java -jar $jar ps --java $hostpid      # lwp4j on the host: host TID and container TID (NS-TID)"
"$JAVA_HOME/bin/java" -jar "$jar" ps --java "$hostpid"

say "docker exec $name java -jar /opt/lwp4j/lwp4j.jar ps 1      # lwp4j's ps -eLf inside"
docker exec "$name" java -jar /opt/lwp4j/lwp4j.jar ps 1 | cut -c1-110

say "docker exec $name java -jar /opt/lwp4j/lwp4j.jar ps --java 1      # inside: container TIDs and Java threads"
docker exec "$name" java -jar /opt/lwp4j/lwp4j.jar ps --java 1

for d in "kernel-threads" "processes-vs-threads --rounds 5 --max-mib 256" "stacks --threads 16" "m-n --threads 2000" \
    "gil --millis 1000" "sched --millis 1000"; do
  say "docker run --rm --network none lwp4j:demo demo $d"
  # shellcheck disable=SC2086 # the demo's name and options, split on purpose
  docker run --rm --network none lwp4j:demo demo $d | cut -c1-150
done

say "docker run -d --name $name-server -p 127.0.0.1::3000 lwp4j:demo demo server --serve --bind 0.0.0.0"
docker run -d --name "$name-server" -p 127.0.0.1::3000 lwp4j:demo demo server --serve --bind 0.0.0.0 >/dev/null
for _ in $(seq 300); do docker logs "$name-server" 2>&1 | grep -q 'Ctrl-C' && break; sleep 0.1; done
docker logs "$name-server" 2>&1
hostport=$(docker port "$name-server" 3000/tcp | head -n1)
say "curl -s -D - -o /tmp/$name.pgm http://$hostport/mandelbrot.pgm      # from the host, through the published port"
curl -s -D - -o "/tmp/$name.pgm" "http://$hostport/mandelbrot.pgm" | tr -d '\r'
echo "$(wc -c <"/tmp/$name.pgm") bytes; $(head -c 15 "/tmp/$name.pgm" | tr '\n' ' ')"
rm -f "/tmp/$name.pgm"
say "curl -s --path-as-is http://$hostport/../../etc/passwd      # the seed's server would have sent it"
curl -s -w ' (HTTP %{http_code})\n' --path-as-is "http://$hostport/../../etc/passwd"
say "docker stop $name-server; docker logs --tail 4 $name-server      # SIGTERM to PID 1: a clean stop"
docker stop "$name-server" >/dev/null
docker logs --tail 4 "$name-server" 2>&1
