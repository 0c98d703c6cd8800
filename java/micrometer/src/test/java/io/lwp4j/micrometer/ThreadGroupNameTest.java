package io.lwp4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ThreadGroupNameTest {
    @Test
    void poolCountersAreRemovedAndOtherNumbersKept() {
        assertEquals("http-nio-8080-exec-#", ThreadGroupName.of("http-nio-8080-exec-17"));
        assertEquals("http-nio-8080-exec-#", ThreadGroupName.of("http-nio-8080-exec-1"));
        assertEquals("pool-#-thread-#", ThreadGroupName.of("pool-3-thread-12"));
        assertEquals("ForkJoinPool-#-worker-#", ThreadGroupName.of("ForkJoinPool-1-worker-3"));
        assertEquals("ForkJoinPool.commonPool-worker-#", ThreadGroupName.of("ForkJoinPool.commonPool-worker-5"));
        assertEquals("nioEventLoopGroup-#-#", ThreadGroupName.of("nioEventLoopGroup-2-1"));
        assertEquals("C2 CompilerThread#", ThreadGroupName.of("C2 CompilerThread0"));
        assertEquals("GC Thread#", ThreadGroupName.of("GC Thread#3"));
        assertEquals("G1 Conc#", ThreadGroupName.of("G1 Conc#0"));
        assertEquals("Thread-#", ThreadGroupName.of("Thread-42"));
        assertEquals("main", ThreadGroupName.of("main"));
        assertEquals("kafka-producer-network-thread | producer-#", ThreadGroupName.of(
                "kafka-producer-network-thread | producer-1"));
        assertEquals("unnamed", ThreadGroupName.of(""));
        assertEquals("a?b", ThreadGroupName.of("a\nb"));
        assertEquals(64, ThreadGroupName.of("x".repeat(4096)).length());
    }
}
