/**
 * Tests in real Docker containers (Testcontainers; not deployed; ARCHITECTURE.md §9): the {@code lwp4j} image built
 * from the CLI jar on a local base, and inside it {@code ps}, raw tasks under the default seccomp profile, PID
 * namespaces seen from the host ({@code NSpid}), {@code --pids-limit}, {@code --cpuset-cpus}, scheduling with and
 * without {@code CAP_SYS_NICE}, {@code lwp4j top} and the demo server — each checked against the container's own
 * {@code ps -eLf} and {@code /proc}. The {@code *Probe} and {@code Workload} classes are the programs the containers
 * run.
 */
package io.lwp4j.it;
