package io.torsion.bench.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The fan-out anchor: a broadcast chat room on Netty 4.2's native epoll transport with one
 * event-loop thread, speaking the bundled {@code chatroom} app's protocol ({@code welcome NAME, N in
 * room} on joining, {@code <NAME> line} relayed to every other member, {@code [NAME] entered room}
 * and {@code [NAME] left room} notices; names are the peer's {@code HOST:PORT}; lines end in
 * CRLF).
 *
 * <p>Written the way Netty is meant to be used for this: each relayed line is built once as one
 * buffer and every member gets a retained duplicate of it ({@code write}, no flush); when the
 * sender's read batch ends ({@code channelReadComplete}) the whole room is flushed once, so a member
 * gets everything that batch produced in one {@code writev}. The room is a plain set: one loop
 * thread owns it. Unlike the torsion app it has no slow-member rule; the bench's members all read.
 *
 * <p>Usage: {@code NettyChatServer [--host H] [--port P] [--max-line N]}. Ready line:
 * {@code netty chatroom listening on HOST:PORT (transport epoll)}. SIGTERM stops it.
 */
public final class NettyChatServer {

    /** The name prefix of the event-loop thread. */
    static final String LOOP_THREAD = "netty-chat-loop";

    private static final byte[] CRLF = {'\r', '\n'};

    private final Set<Channel> members = new LinkedHashSet<>();
    private final int maxLine;

    private NettyChatServer(int maxLine) {
        this.maxLine = maxLine;
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 0;
        int maxLine = 16384;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--host" -> host = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--max-line" -> maxLine = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("usage: NettyChatServer [--host H] [--port P] [--max-line N]");
                    System.exit(2);
                }
            }
        }
        NettyLoop.requireEpoll();
        new NettyChatServer(maxLine).serve(new InetSocketAddress(host, port));
    }

    private void serve(InetSocketAddress address) throws InterruptedException {
        NettyLoop loop = new NettyLoop(1, LOOP_THREAD, EpollIoHandler.newFactory());
        Channel server = new ServerBootstrap()
                .group(loop.group, loop.group)
                .channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(maxLine), new Member());
                    }
                })
                .bind(address).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        loop.serve(server, "netty chatroom listening on " + bound.getAddress().getHostAddress() + ":"
                + bound.getPort() + " (transport epoll)");
    }

    /** Writes {@code line} and CRLF, built once, to every member but {@code from}; flushes nobody. */
    private void broadcast(Channel from, ByteBuf line) {
        for (Channel member : members) {
            if (member != from) {
                member.write(line.retainedDuplicate(), member.voidPromise());
            }
        }
        line.release();
    }

    private void flushRoom() {
        for (Channel member : members) {
            member.flush();
        }
    }

    private static ByteBuf text(Channel ch, String text) {
        ByteBuf out = ch.alloc().buffer(text.length() + 2);
        ByteBufUtil.writeUtf8(out, text);
        return out.writeBytes(CRLF);
    }

    private final class Member extends ChannelInboundHandlerAdapter {

        private String name;
        private byte[] prefix;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
            name = peer.getAddress().getHostAddress() + ":" + peer.getPort();
            prefix = ("<" + name + "> ").getBytes(StandardCharsets.UTF_8);
            members.add(ctx.channel());
            ctx.write(text(ctx.channel(), "welcome " + name + ", " + members.size() + " in room"), ctx.voidPromise());
            broadcast(ctx.channel(), text(ctx.channel(), "[" + name + "] entered room"));
            flushRoom();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            ByteBuf line = ctx.alloc().buffer(prefix.length + frame.readableBytes() + 2);
            line.writeBytes(prefix).writeBytes(frame).writeBytes(CRLF);
            frame.release();
            broadcast(ctx.channel(), line);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            flushRoom();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            members.remove(ctx.channel());
            broadcast(ctx.channel(), text(ctx.channel(), "[" + name + "] left room"));
            flushRoom();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A reset member or a line too long ends that member, as in the torsion app.
            ctx.close();
        }
    }
}
