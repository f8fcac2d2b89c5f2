package io.torsion.bench.netty;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Writes every buffer it reads straight back and flushes once per read burst, the way Netty's own
 * echo example does. Like torsion's echo app it stops reading a peer whose outbound buffer is above
 * the high-water mark and resumes when it drains, so both servers do the same work per byte.
 */
@ChannelHandler.Sharable
final class EchoHandler extends ChannelInboundHandlerAdapter {

    static final EchoHandler INSTANCE = new EchoHandler();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ctx.write(msg, ctx.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset peer is an ordinary end of a benchmark connection, not an error worth a trace.
        ctx.close();
    }
}
