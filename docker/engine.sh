#!/usr/bin/env bash
# The Docker engine for lwp4j's container tests and demo: present, running, and stopped again only if lwp4j
# started it.
#
#   . docker/engine.sh; lwp4j_engine_up; ...; lwp4j_engine_down     (what .ci/test and docker/demo.sh do)
#   docker/engine.sh up | down | status                              (by hand)
#
# up:   when no daemon answers `docker version`: as root, installs docker.io if dockerd is missing (Debian/Ubuntu,
#       apt), then starts `dockerd` in its own session and waits until it answers. A user without root who has
#       Docker just uses theirs; one without Docker is told what to do.
# down: stops the daemon only if lwp4j started it and no other lwp4j run still uses it.
#
# Several lwp4j runs may share one machine (CI jobs, developers' test runs). Whoever finds no daemon starts one
# and marks it as lwp4j's ($LWP4J_ENGINE_DIR/started); every run that uses a marked daemon registers its pid
# there, and the last one out stops it. A daemon that was running before lwp4j came is never touched.
# shellcheck shell=bash

LWP4J_ENGINE_DIR=${LWP4J_ENGINE_DIR:-/run/lwp4j-engine}
LWP4J_DOCKERD_LOG=${LWP4J_DOCKERD_LOG:-/var/log/lwp4j-dockerd.log}
LWP4J_ENGINE_USER=${LWP4J_ENGINE_USER:-$$} # the process whose life this run's use of the daemon follows

lwp4j_engine_answers() { docker version >/dev/null 2>&1; }

# Runs "$@" holding the engine lock, so that a start, a registration and a stop never interleave.
_lwp4j_engine_locked() {
  mkdir -p "$LWP4J_ENGINE_DIR/users"
  (
    flock -w 120 9 || { echo "lwp4j: timed out waiting for $LWP4J_ENGINE_DIR/lock" >&2; exit 1; }
    "$@"
  ) 9>"$LWP4J_ENGINE_DIR/lock"
}

_lwp4j_engine_install() {
  command -v dockerd >/dev/null && command -v docker >/dev/null && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "lwp4j: no Docker engine here and not root, so it cannot be installed." >&2
    echo "       Install Docker (https://docs.docker.com/engine/install/) or run as root; or set LWP4J_IT=0" >&2
    echo "       to build and test without the container tests." >&2
    return 1
  fi
  command -v apt-get >/dev/null || { echo "lwp4j: no Docker and no apt-get: install Docker Engine first" >&2; return 1; }
  echo "lwp4j: installing Docker Engine (apt-get install docker.io)" >&2
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io procps >/dev/null
}

_lwp4j_engine_start() {
  if lwp4j_engine_answers; then
    # Started by an earlier lwp4j run that is still going: share it and be counted.
    if [ -f "$LWP4J_ENGINE_DIR/started" ] && kill -0 "$(cat "$LWP4J_ENGINE_DIR/started")" 2>/dev/null; then
      : >"$LWP4J_ENGINE_DIR/users/$LWP4J_ENGINE_USER"
    else
      rm -f "$LWP4J_ENGINE_DIR/started" # a daemon lwp4j started is gone; the one answering is someone else's
    fi
    return 0
  fi
  _lwp4j_engine_install || return 1
  echo "lwp4j: starting dockerd (log: $LWP4J_DOCKERD_LOG)" >&2
  # setsid: the daemon must not get the terminal's signals (Ctrl-C on the tests), nor hold our stdout open.
  # 9>&-: the daemon must not inherit (and so hold forever) the engine lock.
  setsid dockerd --pidfile /var/run/docker.pid >"$LWP4J_DOCKERD_LOG" 2>&1 </dev/null 9>&- &
  local pid=$! i
  for ((i = 0; i < 600; i++)); do # 60 s; it answers in under a second on a warm machine
    lwp4j_engine_answers && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "lwp4j: dockerd exited; the end of $LWP4J_DOCKERD_LOG:" >&2
    tail -n 20 "$LWP4J_DOCKERD_LOG" >&2
    return 1
  fi
  if ! lwp4j_engine_answers; then
    echo "lwp4j: dockerd (pid $pid) did not answer within 60 s; stopping it. See $LWP4J_DOCKERD_LOG" >&2
    kill "$pid" 2>/dev/null
    return 1
  fi
  echo "$pid" >"$LWP4J_ENGINE_DIR/started"
  : >"$LWP4J_ENGINE_DIR/users/$LWP4J_ENGINE_USER"
}

# Makes a daemon answer `docker version`. When that daemon is one lwp4j started, this run ($LWP4J_ENGINE_USER) is
# registered as one of its users, and lwp4j_engine_down undoes that.
lwp4j_engine_up() {
  if [ "$(id -u)" != 0 ]; then
    # Not root: use whatever Docker this user has, start nothing.
    lwp4j_engine_answers && return 0
    _lwp4j_engine_install || return 1
    echo "lwp4j: Docker is installed but its daemon does not answer \`docker version\` for $(id -un)." >&2
    echo "       Start it (e.g. sudo systemctl start docker) and check this user may use it (group docker);" >&2
    echo "       or set LWP4J_IT=0 to build and test without the container tests." >&2
    return 1
  fi
  _lwp4j_engine_locked _lwp4j_engine_start || return 1
  docker version --format 'Docker engine {{.Server.Version}} (API {{.Server.APIVersion}}), client {{.Client.Version}}' >&2
}

_lwp4j_engine_stop() {
  rm -f "$LWP4J_ENGINE_DIR/users/$LWP4J_ENGINE_USER"
  local f pid
  for f in "$LWP4J_ENGINE_DIR"/users/*; do # forget runs that ended without saying so (killed, crashed)
    [ -e "$f" ] || continue
    if kill -0 "${f##*/}" 2>/dev/null; then return 0; fi # someone still uses it
    rm -f "$f"
  done
  [ -f "$LWP4J_ENGINE_DIR/started" ] || return 0
  pid=$(cat "$LWP4J_ENGINE_DIR/started")
  rm -f "$LWP4J_ENGINE_DIR/started"
  kill -0 "$pid" 2>/dev/null || return 0
  echo "lwp4j: stopping the dockerd lwp4j started (pid $pid)" >&2
  kill -TERM "$pid"
  local i
  for ((i = 0; i < 300; i++)); do # dockerd stops its containers and its containerd first
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "lwp4j: dockerd (pid $pid) still running 30 s after SIGTERM; left alone" >&2
}

# Stops the daemon if lwp4j started it and this run was its last user; otherwise does nothing. (A file, not a
# variable, says whether this run is a user: `lwp4j_engine_up | tail` runs up in a subshell.)
lwp4j_engine_down() {
  [ -f "$LWP4J_ENGINE_DIR/users/$LWP4J_ENGINE_USER" ] || return 0
  _lwp4j_engine_locked _lwp4j_engine_stop
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  # By hand, the user is the calling shell: `up` registers it; `down` stops a daemon lwp4j started unless another
  # run that is still alive uses it.
  LWP4J_ENGINE_USER=$PPID
  case "${1:-}" in
    up) lwp4j_engine_up ;;
    down) [ "$(id -u)" = 0 ] && _lwp4j_engine_locked _lwp4j_engine_stop ;;
    status)
      if lwp4j_engine_answers; then
        docker version --format 'running: Docker engine {{.Server.Version}}'
        [ -f "$LWP4J_ENGINE_DIR/started" ] && echo "started by lwp4j (dockerd pid $(cat "$LWP4J_ENGINE_DIR/started"))"
      else
        echo "no daemon answers"
      fi ;;
    *) echo "usage: $0 up | down | status" >&2; exit 2 ;;
  esac
fi
