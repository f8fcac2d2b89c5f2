package io.torsion.bench.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * The UDP comparison target: Netty 4.2's epoll datagram channel on one event-loop thread, echoing
 * each datagram to its sender. With {@code --mmsg N} it sets
 * {@link EpollChannelOption#MAX_DATAGRAM_PAYLOAD_SIZE} to N, which makes Netty read with
 * {@code recvmmsg} (several datagrams per call, N bytes each); without it, one {@code recvmsg} per
 * datagram. Writes are flushed once per read batch ({@code channelReadComplete}), which lets Netty
 * send them with {@code sendmmsg}.
 *
 * <p>Usage: {@code NettyDatagramEchoServer [--host H] [--port P] [--mmsg BYTES]}. Ready line:
 * {@code netty udpecho listening on HOST:PORT (transport epoll, recvmmsg on|off)}.
 */
public final class NettyDatagramEchoServer {

    /** The name prefix of the event-loop thread. */
    static final String LOOP_THREAD = "netty-udp-loop";

    private NettyDatagramEchoServer() {
    }

    @ChannelHandler.Sharable
    private static final class Echo extends SimpleChannelInboundHandler<DatagramPacket> {
        Echo() {
            super(false); // the packet's buffer goes back out; the write releases it
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ctx.write(new DatagramPacket(packet.content(), packet.sender()));
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 0;
        int mmsg = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--host" -> host = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--mmsg" -> mmsg = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("usage: NettyDatagramEchoServer [--host H] [--port P] [--mmsg BYTES]");
                    System.exit(2);
                }
            }
        }
        NettyLoop.requireEpoll();
        NettyLoop loop = new NettyLoop(1, LOOP_THREAD, EpollIoHandler.newFactory());
        Bootstrap bootstrap = new Bootstrap().group(loop.group).channel(EpollDatagramChannel.class).handler(new Echo());
        if (mmsg > 0) {
            bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, mmsg);
        }
        Channel channel = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
        loop.serve(channel, "netty udpecho listening on " + bound.getAddress().getHostAddress() + ":"
                + bound.getPort() + " (transport epoll, recvmmsg " + (mmsg > 0 ? "on" : "off") + ")");
    }
}
