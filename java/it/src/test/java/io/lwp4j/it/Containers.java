package io.lwp4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * What every container test shares: the lwp4j image (docker/Dockerfile, built once per test JVM from the CLI jar)
 * and containers of it running a test program, unprivileged and with no network.
 *
 * <p>To add a container test: write the in-container side as a {@code main} class in this module (it runs on the
 * CLI jar's class path, so all of lwp4j is there), start it with {@link #program} (or {@link #workload} for parked
 * named threads), put {@code @ExtendWith(RequiresDocker.class)} and a {@code @Timeout} on the class, and close every
 * container (try-with-resources or {@code @AfterAll}): Ryuk is off.
 */
final class Containers {
    private Containers() {}

    static final Path ROOT = Paths.get(System.getProperty("lwp4j.root", "../..")).toAbsolutePath().normalize();
    static final Path CLI_JAR = ROOT.resolve("java/cli/target/lwp4j.jar");
    static final String LOCAL_BASE = "lwp4j-base:latest";
    static final String PUBLIC_BASE = "eclipse-temurin:25-jre";
    /** Where the test classes (the in-container programs) are copied; they run beside the CLI jar. */
    static final String IT_CLASSES = "/opt/lwp4j-it";
    static final String IN_CONTAINER_JAR = "/opt/lwp4j/lwp4j.jar";

    /**
     * The JVM flags of every test program: a fixed set of JVM threads (serial GC: no GC workers; compiler threads
     * all made at start), so thread counts do not move while a test compares two looks.
     */
    static final List<String> STEADY_JVM = List.of("-XX:+UseSerialGC", "-XX:CICompilerCount=2",
            "-XX:-UseDynamicNumberOfCompilerThreads", "--enable-native-access=ALL-UNNAMED", "-Xss256k");

    private static String image;

    /** The base image: -Dlwp4j.it.baseImage, else the local lwp4j-base:latest if present, else the public one. */
    static String baseImage() {
        String p = System.getProperty("lwp4j.it.baseImage", "").trim();
        if (!p.isEmpty()) {
            return p;
        }
        try {
            DockerClientFactory.instance().client().inspectImageCmd(LOCAL_BASE).exec();
            return LOCAL_BASE;
        } catch (NotFoundException e) {
            return PUBLIC_BASE;
        }
    }

    /** The lwp4j image from docker/Dockerfile, built once per JVM under a unique name and removed at exit. */
    static synchronized String image() {
        if (image != null) {
            return image;
        }
        if (!Files.isRegularFile(CLI_JAR)) {
            fail("no " + CLI_JAR + ": build java/cli first (mvn verify builds it before this module)");
        }
        String base = baseImage();
        boolean local = !base.equals(PUBLIC_BASE);
        // The context holds exactly what the Dockerfile copies, at the paths it names (as .dockerignore does for a
        // `docker build .` at the root). A local base needs no network; the public one apt-installs procps.
        // A name of its own per test JVM (concurrent runs share the engine), removed when the JVM ends: Ryuk, which
        // would clean up otherwise, is off.
        String name = "lwp4j-it/lwp4j:" + java.util.UUID.randomUUID().toString().substring(0, 12);
        ImageFromDockerfile build = new ImageFromDockerfile(name, false)
                .withFileFromPath("docker/Dockerfile", ROOT.resolve("docker/Dockerfile"))
                .withFileFromPath("java/cli/target/lwp4j.jar", CLI_JAR)
                .withDockerfilePath("docker/Dockerfile")
                .withBuildArg("BASE_IMAGE", base)
                .withBuildImageCmdModifier(c -> c.withNetworkMode(local ? "none" : "default").withPull(false));
        try {
            image = build.get();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> removeImage(name), "lwp4j-it image cleanup"));
        } catch (RuntimeException e) {
            throw new AssertionError("building the lwp4j image from docker/Dockerfile on " + base + " failed"
                    + (local ? "" : " (no local base: run docker/base-image.sh, or have a registry)"), e);
        }
        return image;
    }

    private static void removeImage(String name) {
        try {
            DockerClientFactory.instance().client().removeImageCmd(name).withForce(true).exec();
        } catch (RuntimeException e) {
            System.err.println("lwp4j-it: could not remove image " + name + ": " + e);
        }
    }

    /**
     * A container of the lwp4j image that runs {@code mainClass} (a test program) as PID 1 on the CLI jar's class
     * path: no network, Docker's default seccomp profile, no added capability. Not started.
     */
    static GenericContainer<?> program(Class<?> mainClass, String... args) {
        List<String> cmd = new ArrayList<>(STEADY_JVM);
        cmd.addAll(List.of("-cp", IN_CONTAINER_JAR + ":" + IT_CLASSES, mainClass.getName()));
        cmd.addAll(Arrays.asList(args));
        Path classes = codeSource(mainClass);
        return new GenericContainer<>(DockerImageName.parse(image()))
                .withNetworkMode("none")
                .withCopyFileToContainer(MountableFile.forHostPath(classes), IT_CLASSES)
                .withCreateContainerCmdModifier(c -> c.withEntrypoint("java"))
                .withCommand(cmd.toArray(new String[0]));
    }

    /** {@link Workload} with {@code threads} parked workers, started and ready. */
    static GenericContainer<?> workload(int threads, Consumer<GenericContainer<?>> customize) {
        GenericContainer<?> c = program(Workload.class, Integer.toString(threads))
                .waitingFor(Wait.forLogMessage(".*" + Workload.READY + ".*\\n", 1)
                        .withStartupTimeout(Duration.ofSeconds(90)));
        customize.accept(c);
        c.start();
        return c;
    }

    private static Path codeSource(Class<?> c) {
        try {
            return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command in the container and returns its stdout; a non-zero exit fails the test with stderr. */
    static String exec(GenericContainer<?> c, String... cmd) {
        try {
            ExecResult r = c.execInContainer(cmd);
            assertEquals(0, r.getExitCode(), () -> String.join(" ", cmd) + " failed in the container: "
                    + r.getStderr() + r.getStdout());
            return r.getStdout();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The TIDs in the container's {@code /proc/1/task}: the container's own view of its PID 1. */
    static java.util.SortedSet<Integer> taskTids(GenericContainer<?> c) {
        return exec(c, "ls", "/proc/1/task").lines().map(Integer::valueOf)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** The container's PID 1 as the host sees it. */
    static long hostPid(GenericContainer<?> c) {
        InspectContainerResponse info = c.getContainerInfo();
        return info.getState().getPidLong();
    }
}
