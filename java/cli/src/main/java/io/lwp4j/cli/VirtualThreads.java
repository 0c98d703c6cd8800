package io.lwp4j.cli;

import java.lang.reflect.Method;

/** {@code Thread.ofVirtual().name(n).start(r)} through reflection: the command is compiled for Java 17 (needs 21+). */
public final class VirtualThreads {
    private VirtualThreads() {}

    public static Thread start(String name, Runnable r) throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
        builder = ofVirtual.getMethod("name", String.class).invoke(builder, name);
        Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        return (Thread) start.invoke(builder, r);
    }
}
