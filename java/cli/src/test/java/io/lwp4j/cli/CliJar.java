package io.lwp4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The executable jar the build made, for the tests that run after package (*IT): failsafe names it. */
final class CliJar {
    private CliJar() {}

    /** The jar ({@code -Dlwp4j.cli.jar}, else {@code target/lwp4j.jar}); fails the test when it is not built. */
    static Path path() {
        Path jar = Paths.get(System.getProperty("lwp4j.cli.jar", "target/lwp4j.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " not built (this test runs after package)");
        return jar;
    }
}
