package io.lwp4j.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code lwp4j} command. Every subcommand prints plain text for people by default and, where it says so,
 * JSON for scripts ({@code --json}).
 *
 * <p>Conventions, inherited by every subcommand and demo ({@code scope = INHERIT}): {@code -h/--help},
 * {@code -V/--version} and the exit codes listed in its {@code exitCodeList}. Start-up: the command tree is built lazily — only the
 * subcommand (and demo) the first arguments name is instantiated; {@code lwp4j --help}, {@code lwp4j help} and the
 * build's man page and completion script get the whole tree ({@link #fullTree()}).
 */
@Command(name = "lwp4j", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Linux threads as the kernel sees them, from Java: kernel TIDs, ps -eLf, clone, futex, pthreads.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success.",
            "1:failure: the command ran and failed (a process missing, lwp4j unavailable here, a demo's check "
                    + "failed, an error).",
            "2:usage error: an unknown option or subcommand, a missing or malformed argument.",
            "130:interrupted by Ctrl-C (128 + SIGINT) where the command does not catch it."})
public final class Main implements Runnable {

    /** The exit codes every subcommand documents in its {@code --help} footer (and the README's table). */
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = CommandLine.ExitCode.USAGE;

    /** The subcommands, in the order {@code lwp4j --help} lists them ({@code help} comes last). */
    static final List<String> COMMANDS = List.of("tour", "ps", "top", "record", "demo", "backends", "bench");

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        return commandLine(args).execute(args);
    }

    /** {@code lwp4j} alone: a usage error (a subcommand is required); picocli prints the usage on stderr. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /**
     * The command line for these arguments: when the first one names a subcommand, the top command with only that
     * subcommand (and, for {@code demo}, only the demo the second one names); otherwise the whole tree.
     */
    static CommandLine commandLine(String... args) {
        CommandLine top = top();
        String first = args.length > 0 ? args[0] : "";
        if (COMMANDS.contains(first)) {
            top.addSubcommand(first, subcommand(first, args.length > 1 ? args[1] : ""));
            return top;
        }
        return addAll(top);
    }

    /**
     * The whole command tree: every subcommand and every demo, with {@code help} — what {@code lwp4j --help} lists,
     * and what the build's man page and bash completion script are generated from.
     */
    public static CommandLine fullTree() {
        return addAll(top());
    }

    private static CommandLine top() {
        // picocli registers converters for java.sql and java.time types through reflection at start-up: no option
        // of lwp4j has such a type, so skip them (fewer classes loaded; an explicit property wins).
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", "java\\.sql\\..*|java\\.time\\..*");
        }
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("lwp4j " + cmd.getCommandName() + ": " + e.getMessage());
            if (Boolean.getBoolean("lwp4j.debug")) {
                e.printStackTrace(cmd.getErr());
            }
            return FAILURE;
        });
        return cl;
    }

    private static CommandLine addAll(CommandLine top) {
        for (String name : COMMANDS) {
            top.addSubcommand(name, subcommand(name, ""));
        }
        top.addSubcommand("help", new HelpCommand());
        return top;
    }

    /** The subcommand {@code name}; {@code demo} with only the demo {@code second} names, or all when it names none. */
    private static Object subcommand(String name, String second) {
        switch (name) {
            case "tour": return new TourCommand();
            case "ps": return new PsCommand();
            case "top": return new TopCommand();
            case "record": return new RecordCommand();
            case "demo": return DemoCommand.commandLine(second);
            case "backends": return new BackendsCommand();
            case "bench": return new BenchCommand();
            default: throw new IllegalArgumentException("no subcommand " + name);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion(); // the jar's manifest
            if (v == null) {
                v = System.getProperty("lwp4j.version"); // the build's doc generator runs from classes
            }
            return new String[] {"lwp4j " + (v == null ? "(development build)" : v),
                "Java " + Runtime.version() + ", " + System.getProperty("os.name") + " "
                    + System.getProperty("os.version") + " " + System.getProperty("os.arch")};
        }
    }
}
