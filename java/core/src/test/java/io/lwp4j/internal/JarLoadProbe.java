package io.lwp4j.internal;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/**
 * Run in a child JVM by {@link NativeLibraryLoaderTest}, where no library is bound yet: loads the library from the
 * jar-like directory {@code args[0]} (resources under {@code fake/}) into the extraction directory {@code args[1]},
 * with the backend this JVM was told to use, calls it, and prints what happened, one fact a line.
 */
public final class JarLoadProbe {
    private JarLoadProbe() {}

    public static void main(String[] args) throws Exception {
        ClassLoader cl = new URLClassLoader(new URL[] {Paths.get(args[0]).toUri().toURL()},
                JarLoadProbe.class.getClassLoader());
        Path tmp = Paths.get(args[1]);
        NativeLibraryLoader.Loaded loaded = new NativeLibraryLoader(cl, "fake/", null,
                System.getProperty(NativeLibraryLoader.BACKEND_PROP_NAME), tmp).load();
        System.out.println("source=" + loaded.source());
        System.out.println("backend=" + loaded.backendName());
        System.out.println("abi=" + loaded.backend().abiVersion());
        System.out.println("tid=" + loaded.backend().gettid());
        try (Stream<Path> s = Files.list(tmp)) {
            System.out.println("leftovers=" + s.filter(p -> p.getFileName().toString().startsWith("lwp4j-")).count());
        }
    }
}
