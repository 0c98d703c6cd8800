/**
 * The {@code lwp4j} command (picocli; ARCHITECTURE.md §1 and §2): {@link io.lwp4j.cli.Main} and one class per
 * subcommand — {@code ps} (ARCHITECTURE.md §4: exactly the rows of {@code ps -eLf}, and {@code --java}),
 * {@code top} (the sampler, the Java threads and their stacks), {@code tour}, {@code demo}, {@code backends},
 * {@code bench} (ARCHITECTURE.md §10) and {@code record} (ARCHITECTURE.md §11). What the command shows it reads
 * through core's public API (one demo calls the raw backend on purpose, to close a descriptor behind lwp4j's back);
 * everything read from another process is escaped before it reaches the screen (ARCHITECTURE.md §4b). Shipped as one
 * executable jar with every backend.
 */
package io.lwp4j.cli;
