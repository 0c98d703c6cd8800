package io.lwp4j.bench;

import io.lwp4j.cli.demo.IpcLinks;
import io.lwp4j.ipc.MessageChannel;
import io.lwp4j.memory.SharedMemory;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The three {@link ChannelEcho} JVMs of {@link ChannelBench} and the ipc group's idle step, and a link to each
 * ({@link IpcLinks}, the links of {@code lwp4j demo ipc}): a
 * {@link MessageChannel} pair ({@code NAME-req}, {@code NAME-resp}), a Unix domain socket in a fresh private
 * directory, and a pipe (the peer's stdin and stdout). {@link #close} ends the peers and removes what they used.
 */
final class ChannelPeers implements AutoCloseable {
    private final String name;
    private final Path dir;
    private final Process[] peers = new Process[3];
    private final IpcLinks.Link[] links = new IpcLinks.Link[3];

    private ChannelPeers(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    /** Starts the peers; {@code name} names the channels (unique on this machine: add this JVM's pid). */
    static ChannelPeers start(String name) throws IOException {
        ChannelPeers p = new ChannelPeers(name, Files.createTempDirectory("lwp4j-bench-uds"));
        try {
            MessageChannel req = MessageChannel.create(name + "-req", 1 << 16);
            MessageChannel resp = MessageChannel.create(name + "-resp", 1 << 16);
            p.peers[0] = echo("channel", name);
            p.links[0] = IpcLinks.channel(req, resp);
            Path sock = p.dir.resolve("sock");
            try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                s.bind(UnixDomainSocketAddress.of(sock));
                p.peers[1] = echo("unix", sock.toString());
                p.links[1] = IpcLinks.socket(s.accept());
            }
            p.peers[2] = echo("pipe", "-");
            p.links[2] = IpcLinks.streams(p.peers[2].getInputStream(), p.peers[2].getOutputStream());
            return p;
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private static Process echo(String mode, String where) throws IOException {
        return PeerJvm.start(ChannelEcho.class, List.of(PeerJvm.NATIVE_ACCESS), mode, where);
    }

    /** The links: channel, Unix socket, pipe. */
    List<IpcLinks.Link> links() {
        return List.of(links);
    }

    /** The peer JVMs, in the order of {@link #links()}. */
    List<Process> processes() {
        return List.of(peers);
    }

    /**
     * Sends every peer the quit message, waits up to 10 s for each, closes the links, then removes the channels and
     * the socket.
     */
    @Override
    public void close() throws IOException {
        byte[] quit = new byte[IpcLinks.MESSAGE];
        quit[0] = IpcLinks.QUIT;
        try {
            for (int i = 0; i < peers.length; i++) {
                if (links[i] != null) {
                    try {
                        links[i].send(quit);
                    } catch (IOException | InterruptedException | RuntimeException e) {
                        // the peer is gone already: destroyed below
                    }
                }
            }
            for (Process p : peers) {
                if (p != null) {
                    try {
                        p.waitFor(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    p.destroyForcibly();
                }
            }
            for (IpcLinks.Link l : links) {
                if (l != null) {
                    l.close();
                }
            }
        } finally {
            SharedMemory.unlink(name + "-req");
            SharedMemory.unlink(name + "-resp");
            Files.deleteIfExists(dir.resolve("sock"));
            Files.deleteIfExists(dir);
        }
    }
}
