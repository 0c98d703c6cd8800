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
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lwp4j demo NAME [--json]}: the seeds' experiments, each printing its result beside the relevant
 * {@code ps -eLf} rows and a few plain lines on what the reader sees and why. One class per demo in
 * {@code io.lwp4j.cli.demo}, registered here ({@link #DEMOS}) and instantiated only when needed: {@code lwp4j demo
 * NAME} builds that demo alone.
 */
@Command(name = "demo", description = "Run one of the experiments (clone, futex, pthreads, processes vs threads, stacks, M:N, GIL, "
        + "scheduling, an image server) beside ps -eLf.")
final class DemoCommand implements Runnable {

    /** The demos, in the order {@code lwp4j demo} lists them. */
    static final List<String> DEMOS = List.of("clone-vm", "clone-files", "clone-thread", "race", "futex", "futex-ipc",
            "ipc", "pthreads", "server", "sync", "kernel-threads", "stacks", "processes-vs-threads", "m-n", "gil",
            "sched");

    @Spec
    CommandSpec spec;

    /** {@code demo} with only the demo {@code name}, or with all of them when {@code name} is no demo's. */
    static CommandLine commandLine(String name) {
        CommandLine demo = new CommandLine(new DemoCommand());
        for (String d : DEMOS.contains(name) ? List.of(name) : DEMOS) {
            demo.addSubcommand(d, newDemo(d));
        }
        return demo;
    }

    private static Object newDemo(String name) {
        switch (name) {
            case "clone-vm": return new CloneVmDemo();
            case "clone-files": return new CloneFilesDemo();
            case "clone-thread": return new CloneThreadDemo();
            case "race": return new RaceDemo();
            case "futex": return new FutexDemo();
            case "futex-ipc": return new FutexIpcDemo();
            case "ipc": return new IpcDemo();
            case "pthreads": return new PthreadsDemo();
            case "server": return new ServerDemo();
            case "sync": return new SyncDemo();
            case "kernel-threads": return new KernelThreadsDemo();
            case "stacks": return new StacksDemo();
            case "processes-vs-threads": return new ProcessesVsThreadsDemo();
            case "m-n": return new MnDemo();
            case "gil": return new GilDemo();
            case "sched": return new SchedDemo();
            default: throw new IllegalArgumentException("no demo " + name);
        }
    }

    /** {@code lwp4j demo} alone lists the demos. */
    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
