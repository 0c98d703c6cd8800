package io.lwp4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Parameters;

/**
 * {@code lwp4j help [COMMAND…]}: the usage of lwp4j, of one subcommand or of one demo ({@code lwp4j help demo futex}).
 * picocli's own {@code HelpCommand} would do one level and has no {@code --version}; this one inherits the
 * conventions of every other command.
 */
@Command(name = "help", helpCommand = true,
        description = "Show the usage of lwp4j, of a command or of a demo (lwp4j help demo futex).")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "The command, and its subcommand, to show.")
    List<String> names = new ArrayList<>();

    private CommandLine self;
    private ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        for (String name : names) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                throw new CommandLine.ParameterException(self, "Unknown subcommand '" + name + "'.");
            }
            target = sub;
        }
        target.usage(out, colors);
    }
}
