package io.lwp4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lwp4j} command. Every subcommand prints plain text for people by default and, where it says so,
 * JSON for scripts ({@code --json}).
 */
@Command(name = "lwp4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Linux threads as the kernel sees them, from Java: kernel TIDs, ps -eLf, clone, futex, pthreads.",
        subcommands = {TourCommand.class, PsCommand.class, TopCommand.class, DemoCommand.class, BackendsCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("lwp4j " + cmd.getCommandName() + ": " + e.getMessage());
            if (Boolean.getBoolean("lwp4j.debug")) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"lwp4j " + (v == null ? "(development build)" : v),
                "Java " + Runtime.version() + ", " + System.getProperty("os.name") + " "
                    + System.getProperty("os.version") + " " + System.getProperty("os.arch")};
        }
    }
}
