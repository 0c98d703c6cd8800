package io.lwp4j.cli;

import io.lwp4j.cli.demo.CloneFilesDemo;
import io.lwp4j.cli.demo.CloneThreadDemo;
import io.lwp4j.cli.demo.CloneVmDemo;
import io.lwp4j.cli.demo.FutexDemo;
import io.lwp4j.cli.demo.FutexIpcDemo;
import io.lwp4j.cli.demo.GilDemo;
import io.lwp4j.cli.demo.KernelThreadsDemo;
import io.lwp4j.cli.demo.MnDemo;
import io.lwp4j.cli.demo.ProcessesVsThreadsDemo;
import io.lwp4j.cli.demo.IpcDemo;
import io.lwp4j.cli.demo.PthreadsDemo;
import io.lwp4j.cli.demo.RaceDemo;
import io.lwp4j.cli.demo.SchedDemo;
import io.lwp4j.cli.demo.ServerDemo;
import io.lwp4j.cli.demo.StacksDemo;
import io.lwp4j.cli.demo.SyncDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lwp4j demo NAME [--json]}: the seeds' experiments, each printing its result beside the relevant
 * {@code ps -eLf} rows and a few plain lines on what the reader sees and why. One class per demo in
 * {@code io.lwp4j.cli.demo}, registered here.
 */
@Command(name = "demo", description = "Run one of the experiments (clone, futex, pthreads, processes vs threads, stacks, M:N, GIL, "
        + "scheduling, an image server) beside ps -eLf.",
        subcommands = {
            CloneVmDemo.class,
            CloneFilesDemo.class,
            CloneThreadDemo.class,
            RaceDemo.class,
            FutexDemo.class,
            FutexIpcDemo.class,
            IpcDemo.class,
            PthreadsDemo.class,
            ServerDemo.class,
            SyncDemo.class,
            KernelThreadsDemo.class,
            StacksDemo.class,
            ProcessesVsThreadsDemo.class,
            MnDemo.class,
            GilDemo.class,
            SchedDemo.class,
        })
final class DemoCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** {@code lwp4j demo} alone lists the demos. */
    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
