package io.torsion.bench.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The comparison target: a raw byte echo server on Netty with one event-loop thread (unless told more), which
 * both accepts and serves connections, so the bench compares one loop against one loop.
 *
 * <p>Usage: {@code NettyEchoServer epoll|nio [--host H] [--port P] [--tls jdk|openssl --cert CHAIN --key KEY]},
 * or {@code NettyEchoServer epoll --unix PATH} for a Unix domain socket
 * ({@code EpollServerDomainSocketChannel}; its ready line names {@code unix:PATH}). With
 * {@code --threads N} the group has N event-loop threads: the listening channel lives on one of them
 * and accepted connections are spread over all N, round-robin (Netty's own way).
 * With {@code --tls} every connection goes through Netty's {@code SslHandler}, with the JDK's engine
 * or OpenSSL's (BoringSSL through netty-tcnative), TLS 1.3 and 1.2 as torsion offers. When listening it prints one
 * line, {@code netty echo listening on HOST:PORT (transport T)}, the same shape as the torsion
 * launcher's ready line, and then nothing else on stdout. SIGTERM stops it.
 */
public final class NettyEchoServer {

    /** The name prefix of the event-loop thread. */
    static final String LOOP_THREAD = "netty-echo-loop";

    private NettyEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !(args[0].equals("epoll") || args[0].equals("nio"))) {
            System.err.println("usage: NettyEchoServer epoll|nio [--host H] [--port P]");
            System.exit(2);
        }
        String transport = args[0];
        String host = "127.0.0.1";
        int port = 0;
        String tls = null;
        String cert = null;
        String key = null;
        String unix = null;
        int threads = 1;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--host" -> host = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--tls" -> tls = args[i + 1];
                case "--cert" -> cert = args[i + 1];
                case "--key" -> key = args[i + 1];
                case "--unix" -> unix = args[i + 1];
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (transport.equals("epoll")) {
            NettyLoop.requireEpoll();
        }
        if (unix != null && (!transport.equals("epoll") || tls != null)) {
            System.err.println("--unix needs the epoll transport and no --tls");
            System.exit(2);
        }
        SslContext ssl = tls == null ? null : sslContext(tls, cert, key);
        serve(transport, unix != null ? new DomainSocketAddress(unix) : new InetSocketAddress(host, port), ssl, threads);
    }

    private static SslContext sslContext(String provider, String cert, String key) throws Exception {
        if (cert == null || key == null || !(provider.equals("jdk") || provider.equals("openssl"))) {
            System.err.println("--tls takes jdk or openssl, and needs --cert and --key");
            System.exit(2);
        }
        return SslContextBuilder.forServer(new File(cert), new File(key))
                .sslProvider(provider.equals("jdk") ? SslProvider.JDK : SslProvider.OPENSSL)
                .protocols("TLSv1.3", "TLSv1.2")
                .build();
    }

    private static void serve(String transport, SocketAddress address, SslContext ssl, int threads)
            throws InterruptedException {
        boolean epoll = transport.equals("epoll");
        boolean unix = address instanceof DomainSocketAddress;
        IoHandlerFactory handlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = unix ? EpollServerDomainSocketChannel.class
                : epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        // Named so the allocation scenario can find the loop thread in the JFR recording.
        NettyLoop loop = new NettyLoop(threads, LOOP_THREAD, handlers);
        Channel server = new ServerBootstrap()
                .group(loop.group, loop.group)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(EchoHandler.INSTANCE);
                    }
                })
                .bind(address).sync().channel();
        String where = server.localAddress() instanceof InetSocketAddress bound
                ? bound.getAddress().getHostAddress() + ":" + bound.getPort()
                : "unix:" + ((DomainSocketAddress) server.localAddress()).path();
        loop.serve(server, "netty echo listening on " + where + " (transport " + transport + ", " + threads
                + (threads == 1 ? " loop" : " loops") + (ssl == null ? "" : ", tls " + ssl.getClass().getSimpleName())
                + ")");
    }
}
