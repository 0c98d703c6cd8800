package io.lwp4j.cli;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The training run of the JDK 25 AOT cache the build makes (java/cli/pom.xml, profile {@code aot-cache}): the
 * commands that should start fast — {@code lwp4j ps PID}, {@code lwp4j --help}, a subcommand's {@code --help},
 * {@code --version} — run once each in this JVM, their output discarded, so that every class they load (and
 * link) goes into the cache. Not a command: {@code java -XX:AOTCacheOutput=lwp4j.aot -cp lwp4j.jar
 * io.lwp4j.cli.AotTraining lwp4j.aot.jdk}, which also writes the JDK that made the cache into {@code lwp4j.aot.jdk}
 * (its {@code java.home} and {@code java.runtime.version}, one a line): the launcher {@code java/cli/lwp4j} uses the
 * cache only on that JDK.
 */
final class AotTraining {

    private AotTraining() {
    }

    public static void main(String[] args) throws java.io.IOException {
        if (args.length > 0) {
            java.nio.file.Files.write(java.nio.file.Paths.get(args[0]), java.util.List.of(
                    System.getProperty("java.home"), System.getProperty("java.runtime.version")));
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        String self = Long.toString(ProcessHandle.current().pid());
        String[][] commands = {{"ps", self}, {"ps", "1"}, {"--help"}, {"ps", "--help"}, {"demo", "--help"},
            {"--version"}};
        try {
            System.setOut(discard);
            System.setErr(discard);
            for (String[] c : commands) {
                int code = Main.run(c);
                if (code != 0) {
                    err.println("AotTraining: lwp4j " + String.join(" ", c) + " exited " + code);
                }
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
