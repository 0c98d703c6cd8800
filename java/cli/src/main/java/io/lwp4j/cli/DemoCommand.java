package io.lwp4j.cli;

import picocli.CommandLine.Command;

/**
 * {@code lwp4j demo NAME [--json]}: the seeds' experiments, each printing its result beside the relevant
 * {@code ps -eLf} rows and a few plain lines on what the reader sees and why. One class per demo in
 * {@code io.lwp4j.cli.demo}, registered here.
 */
@Command(name = "demo", description = "Run one of the experiments (clone, futex, pthreads) beside ps -eLf.",
        subcommands = {
            io.lwp4j.cli.demo.FutexDemo.class,
            io.lwp4j.cli.demo.FutexIpcDemo.class,
            io.lwp4j.cli.demo.PthreadsDemo.class,
            io.lwp4j.cli.demo.ServerDemo.class,
            io.lwp4j.cli.demo.SyncDemo.class,
        })
final class DemoCommand {
}
