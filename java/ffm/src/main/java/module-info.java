/** The FFM backend of lwp4j (Java 22+): binds liblwp4j.so with the Foreign Function and Memory API. */
module io.lwp4j.ffm {
    requires io.lwp4j.core;

    provides io.lwp4j.spi.NativeBackendProvider with io.lwp4j.ffm.FfmBackendProvider;
}
