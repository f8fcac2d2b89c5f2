package io.torsion.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.torsion.api.ExitStatus;
import io.torsion.api.ProcessProtocol;
import io.torsion.api.ProcessSignal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What epoll's native children do beyond the kit: a child closing its stdin is heard at once. */
@Timeout(30)
class EpollProcessTest {

    private EpollReactor reactor;
    private Thread loop;

    @AfterEach
    void stop() throws InterruptedException {
        if (reactor != null) {
            reactor.stop();
        }
        if (loop != null) {
            loop.join(10_000);
            assertFalse(loop.isAlive(), "reactor thread ended");
        }
    }

    @ParameterizedTest
    @EnumSource(TriggerMode.class)
    void childClosingItsStdinEndsThatStreamWhileItStillRuns(TriggerMode mode) throws Exception {
        CompletableFuture<ExitStatus> exitedWhenStdinLost = new CompletableFuture<>();
        CompletableFuture<ExitStatus> ended = new CompletableFuture<>();
        ProcessProtocol protocol = new ProcessProtocol() {
            private ExitStatus exited;

            @Override
            public void inConnectionLost() {
                exitedWhenStdinLost.complete(exited);
                transport.signalProcess(ProcessSignal.KILL); // the child sleeps until killed
            }

            @Override
            public void processExited(ExitStatus status) {
                exited = status;
            }

            @Override
            public void processEnded(ExitStatus status) {
                ended.complete(status);
            }
        };
        reactor = new EpollReactor(mode);
        loop = new Thread(reactor::run, "reactor-" + mode);
        loop.start();
        reactor.callFromThread(() -> {
            try {
                reactor.spawnProcess(protocol, List.of("sh", "-c", "exec 0<&-; exec sleep 600"));
            } catch (Exception e) {
                ended.completeExceptionally(e);
            }
        });
        assertNull(exitedWhenStdinLost.get(20, TimeUnit.SECONDS), "stdin lost before the child exited");
        assertEquals(new ExitStatus.Killed(9), ended.get(20, TimeUnit.SECONDS));
    }
}
