/**
 * The jnr-ffi backend of lwp4j (Java 17+). From the module path jnr-ffi's generated binding (an unnamed module)
 * needs {@code --add-exports io.lwp4j.core/io.lwp4j.spi=ALL-UNNAMED}; see io.lwp4j.core's module documentation.
 */
module io.lwp4j.jnr {
    requires io.lwp4j.core;
    requires org.jnrproject.ffi;
    requires org.jnrproject.jffi;

    provides io.lwp4j.spi.NativeBackendProvider with io.lwp4j.jnr.JnrBackendProvider;
}
