package io.lwp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * picocli's conventions on the whole command tree ({@code --help}, {@code --version}, the exit codes), and the lazy
 * tree that keeps {@code lwp4j ps PID} from building (or loading) every subcommand, demo and native backend.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliConventionsTest {

    @TempDir
    Path tmp;

    /** Every command of the tree as the words that name it: [], [ps], [demo], [demo, futex], … */
    private static List<List<String>> commandPaths(CommandLine cl, List<String> path, List<List<String>> into) {
        into.add(path);
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            List<String> sub = new ArrayList<>(path);
            sub.add(e.getKey());
            commandPaths(e.getValue(), sub, into);
        }
        return into;
    }

    private static String[] args(List<String> path, String option) {
        List<String> a = new ArrayList<>(path);
        a.add(option);
        return a.toArray(new String[0]);
    }

    @Test
    void everyCommandAndDemoAnswersHelpAndVersion() {
        List<List<String>> paths = commandPaths(Main.fullTree(), List.of(), new ArrayList<>());
        // the tree really is whole: 7 subcommands + help, and every demo under demo
        assertEquals(1 + Main.COMMANDS.size() + 1 + DemoCommand.DEMOS.size(), paths.size(), paths.toString());
        for (List<String> path : paths) {
            String name = String.join(" ", path);
            CliTest.Result help = CliTest.run(args(path, "--help"));
            assertEquals(0, help.code(), name + " --help: " + help.err());
            assertEquals("", help.err(), name + " --help"); // e.g. picocli's WARN on a lone % in a description
            assertTrue(help.out().startsWith("Usage: lwp4j" + (path.isEmpty() ? "" : " " + name)), help.out());
            assertTrue(help.out().contains("Exit codes:") && help.out().contains("usage error"), name + ": "
                    + help.out());
            assertTrue(help.out().contains("-h, --help") && help.out().contains("-V, --version"), help.out());
            CliTest.Result version = CliTest.run(args(path, "--version"));
            assertEquals(0, version.code(), name + " --version: " + version.err());
            assertTrue(version.out().startsWith("lwp4j "), name + " --version: " + version.out());
            assertTrue(version.out().contains("Java " + Runtime.version()), version.out());
        }
    }

    @Test
    void everyOptionHasALongKebabCaseNameAndADescription() {
        List<String> bad = new ArrayList<>();
        for (List<String> path : commandPaths(Main.fullTree(), List.of(), new ArrayList<>())) {
            CommandLine cl = Main.fullTree();
            for (String word : path) {
                cl = cl.getSubcommands().get(word);
            }
            for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
                String where = "lwp4j " + String.join(" ", path) + " " + String.join("/", o.names());
                if (!o.longestName().matches("--(\\[no-\\])?[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
                    bad.add(where + ": no long kebab-case name");
                }
                if (!o.hidden() && (o.description().length == 0 || o.description()[0].isBlank())) {
                    bad.add(where + ": no description");
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void eachRegisteredNameIsItsCommandsOwnName() {
        CommandLine all = Main.fullTree();
        for (String name : Main.COMMANDS) {
            assertEquals(name, all.getSubcommands().get(name).getCommandName());
        }
        for (String demo : DemoCommand.DEMOS) {
            assertEquals(demo, all.getSubcommands().get("demo").getSubcommands().get(demo).getCommandName());
        }
    }

    @Test
    void theFirstArgumentsBuildOnlyTheCommandTheyName() {
        assertEquals(List.of("ps"), List.copyOf(Main.commandLine("ps", "1").getSubcommands().keySet()));
        CommandLine demo = Main.commandLine("demo", "futex", "--rounds", "10").getSubcommands().get("demo");
        assertEquals(List.of("futex"), List.copyOf(demo.getSubcommands().keySet()));
        // no subcommand named first: the whole tree, so that --help and errors list every command
        assertEquals(Main.COMMANDS.size() + 1, Main.commandLine("--help").getSubcommands().size());
        assertEquals(DemoCommand.DEMOS.size(),
                Main.commandLine("demo", "--help").getSubcommands().get("demo").getSubcommands().size());
    }

    @Test
    void aUsageErrorExitsWith2AndARuntimeFailureWith1() {
        CliTest.Result unknown = CliTest.run("ps", "--no-such-option");
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("Unknown option: '--no-such-option'"), unknown.err());
        assertTrue(unknown.err().contains("Usage: lwp4j ps"), unknown.err());
        CliTest.Result malformed = CliTest.run("ps", "not-a-pid");
        assertEquals(2, malformed.code(), malformed.err());
        CliTest.Result noCommand = CliTest.run();
        assertEquals(2, noCommand.code(), noCommand.err());
        CliTest.Result noSuchCommand = CliTest.run("no-such-command");
        assertEquals(2, noSuchCommand.code(), noSuchCommand.err());

        CliTest.Result missing = CliTest.run("ps", "999999999");
        assertEquals(1, missing.code(), missing.err());
        // an exception out of a command: the execution exception handler's code, one line on stderr
        CliTest.Result thrown = CliTest.run("bench", "--jar", tmp.resolve("no-such.jar").toString());
        assertEquals(1, thrown.code(), thrown.err());
        CliTest.Result badTimeout = CliTest.run("ps", "--java", "--timeout", "0", "1");
        assertEquals(1, badTimeout.code(), badTimeout.err());
        assertTrue(badTimeout.err().startsWith("lwp4j ps: "), badTimeout.err());
    }

    /** The classes a fresh JVM loads to run {@code lwp4j args} (from -verbose:class), and its exit code. */
    private List<String> classesLoadedBy(String... args) throws IOException, InterruptedException {
        Path log = tmp.resolve("classes-" + System.nanoTime() + ".txt");
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "lwp4j " + String.join(" ", args) + " did not finish");
        assertEquals(0, p.exitValue(), "lwp4j " + String.join(" ", args));
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .map(l -> l.replaceFirst("^\\[[^ ]*\\]\\[info\\]\\[class,load\\] ", "").split(" ")[0])
                .collect(Collectors.toList());
    }

    private static List<String> nativeOrUnrelated(List<String> classes) {
        return classes.stream().filter(c -> c.startsWith("io.lwp4j.spi.") || c.startsWith("io.lwp4j.ffm.")
                || c.startsWith("io.lwp4j.jna.") || c.startsWith("io.lwp4j.jnr.") || c.startsWith("com.sun.jna.")
                || c.startsWith("jnr.") || c.startsWith("com.kenai.jffi.") || c.contains("NativeLibraryLoader")
                || c.equals("io.lwp4j.Lwp4j") || c.startsWith("io.lwp4j.cli.demo.")
                || c.equals("io.lwp4j.cli.TourCommand") || c.equals("io.lwp4j.cli.TopCommand")
                || c.startsWith("org.jline.")).collect(Collectors.toList());
    }

    @Test
    void psWithoutJavaLoadsNoNativeLibraryNorAnyOtherCommand() throws Exception {
        String self = Long.toString(ProcessHandle.current().pid());
        List<String> ps = classesLoadedBy("ps", self);
        assertTrue(ps.contains("io.lwp4j.proc.Tasks") && ps.contains("io.lwp4j.cli.PsCommand"), ps.toString());
        assertEquals(List.of(), nativeOrUnrelated(ps));
        // the control: a command that needs the backend does load it, and the filter sees it
        List<String> backends = classesLoadedBy("backends");
        assertTrue(backends.contains("io.lwp4j.Lwp4j"), backends.toString());
        assertFalse(nativeOrUnrelated(backends).isEmpty());
    }
}
