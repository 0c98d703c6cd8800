package io.lwp4j.bench;

import io.lwp4j.cli.demo.IpcLinks;
import io.lwp4j.ipc.MessageChannel;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The other JVM of {@link ChannelBench} and the ipc group's idle step: the echo of {@code lwp4j demo ipc}
 * ({@link IpcLinks#echo}, the same links and message protocol) over one mechanism — {@code channel NAME} (a
 * {@link MessageChannel} pair NAME-req/NAME-resp), {@code unix PATH} (a Unix domain socket), {@code pipe}
 * (stdin/stdout) — until the quit message.
 */
public final class ChannelEcho {

    private ChannelEcho() {}

    public static void main(String[] args) throws Exception {
        IpcLinks.Link link;
        switch (args[0]) {
            case "channel":
                link = IpcLinks.channel(MessageChannel.open(args[1] + "-resp"), MessageChannel.open(args[1] + "-req"));
                break;
            case "unix": {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(Path.of(args[1])));
                link = IpcLinks.socket(ch);
                break;
            }
            case "pipe":
                link = IpcLinks.streams(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
        try (IpcLinks.Link l = link) {
            IpcLinks.echo(l);
        }
    }
}
