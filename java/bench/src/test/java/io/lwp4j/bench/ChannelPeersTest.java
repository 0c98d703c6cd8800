package io.lwp4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lwp4j.cli.demo.IpcLinks;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The echo JVMs of the channel benchmarks over the links they share with {@code lwp4j demo ipc}: each echoes with
 * its receiving thread's TID (a task of that JVM in /proc), counts a stream in sequence, and quits on close.
 */
@Timeout(60)
class ChannelPeersTest {

    @Test
    void everyPeerEchoesCountsAStreamAndQuits() throws Exception {
        List<Process> processes;
        try (ChannelPeers peers = ChannelPeers.start("lwp4j-bench-test-" + ProcessHandle.current().pid())) {
            processes = peers.processes();
            List<IpcLinks.Link> links = peers.links();
            assertEquals(3, links.size());
            byte[] m = new byte[IpcLinks.MESSAGE];
            ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 3; i++) {
                IpcLinks.Link link = links.get(i);
                m[0] = IpcLinks.ECHO;
                b.putLong(8, 42);
                link.send(m);
                link.receive(m);
                assertEquals(42, b.getLong(8));
                long tid = b.getLong(16);
                assertTrue(Files.isDirectory(Path.of("/proc", Long.toString(processes.get(i).pid()), "task",
                        Long.toString(tid))), "TID " + tid + " is no task of peer " + i);
                m[0] = IpcLinks.STREAM;
                for (long seq = 0; seq < 100; seq++) {
                    b.putLong(8, seq == 50 ? 49 : seq); // one out of sequence
                    b.putLong(16, (seq == 50 ? 49 : seq) * 31);
                    link.send(m);
                }
                m[0] = IpcLinks.END;
                link.send(m);
                link.receive(m);
                assertEquals(100, b.getLong(16), "received, peer " + i);
                assertEquals(2, b.getLong(8), "out of sequence (49 twice, then 51 after 49), peer " + i);
            }
        }
        for (Process p : processes) {
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), "peer " + p.pid() + " quit with the quit message");
            assertFalse(p.isAlive());
        }
    }
}
