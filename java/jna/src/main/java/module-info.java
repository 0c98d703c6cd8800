/** The JNA backend of lwp4j (Java 17+): binds liblwp4j.so with JNA's direct mapping. */
module io.lwp4j.jna {
    requires io.lwp4j.core;
    requires com.sun.jna;

    opens io.lwp4j.jna to com.sun.jna; // direct mapping registers JnaBackend's native methods by reflection

    provides io.lwp4j.spi.NativeBackendProvider with io.lwp4j.jna.JnaBackendProvider;
}
