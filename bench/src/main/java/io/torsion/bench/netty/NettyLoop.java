package io.torsion.bench.netty;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What every Netty server of the bench does around its handlers: an event-loop group whose threads
 * are named (the allocation scenario finds them by name), stopped gracefully when SIGTERM ends the
 * JVM, and one ready line on stdout once the channel is bound.
 */
final class NettyLoop {

    final EventLoopGroup group;
    private final CountDownLatch stopped = new CountDownLatch(1);

    NettyLoop(int threads, String threadName, IoHandlerFactory handlers) {
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadName), handlers);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            stopped.countDown();
        }, threadName + "-shutdown"));
    }

    /** Exits with status 1 and Netty's reason when its native epoll transport cannot load here. */
    static void requireEpoll() {
        if (!Epoll.isAvailable()) {
            System.err.println("netty native epoll unavailable: " + Epoll.unavailabilityCause());
            System.exit(1);
        }
    }

    /** Prints the ready line, then waits until the channel has closed and the group has stopped. */
    void serve(Channel bound, String readyLine) throws InterruptedException {
        System.out.println(readyLine);
        System.out.flush();
        bound.closeFuture().await();
        stopped.await();
    }
}
