package io.lwp4j.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@code liblwp4j.so} function a {@link NativeBackend} method calls, stated once, here, beside the C prototype.
 * Backends that bind by reflection (JNA's direct mapping, jnr-ffi's interface loader) read it instead of keeping a
 * table of names of their own, so adding a function to the SPI needs one line per such backend at most; a contract
 * test checks that every method has one and that {@code native/include/lwp4j.h} declares it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Symbol {

    /** The C name, for example {@code "lwp_gettid"}. */
    String value();
}
