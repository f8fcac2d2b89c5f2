package io.torsion.tck;

import io.torsion.api.Reactor;
import org.junit.jupiter.api.Nested;

/**
 * The whole kit in one class: a backend runs every conformance test with one subclass that says
 * how to make its reactor.
 *
 * <pre>{@code
 * class SelectConformanceTest extends ReactorConformance {
 *     @Override
 *     protected Reactor newReactor() {
 *         return Reactors.create("select");
 *     }
 * }
 * }</pre>
 *
 * <p>Each topic runs as a nested class, with a fresh reactor per test. A backend that wants only
 * some topics extends those topic classes directly instead. Topics carry JUnit tags
 * ({@code echo}, {@code close}, {@code flow}, ...) for running one at a time with
 * {@code -Dgroups=...}.
 */
public abstract class ReactorConformance {

    /** A new, not yet running reactor of the backend under test; called once per test. */
    protected abstract Reactor newReactor();

    @Nested
    class Echo extends EchoConformance {
        @Override
        protected Reactor newReactor() {
            return ReactorConformance.this.newReactor();
        }
    }

    @Nested
    class Close extends CloseConformance {
        @Override
        protected Reactor newReactor() {
            return ReactorConformance.this.newReactor();
        }
    }

    @Nested
    class FlowControl extends FlowControlConformance {
        @Override
        protected Reactor newReactor() {
            return ReactorConformance.this.newReactor();
        }
    }

    @Nested
    class HalfClose extends HalfCloseConformance {
        @Override
        protected Reactor newReactor() {
            return ReactorConformance.this.newReactor();
        }
    }

    @Nested
    class Timers extends TimerConformance {
        @Override
        protected Reactor newReactor() {
            return ReactorConformance.this.newReactor();
        }
    }

    @Nested
    class CallbackExceptions extends CallbackExceptionConformance {
        @Override
        protected Reactor newReactor() {
            return ReactorConformance.this.newReactor();
        }
    }

    @Nested
    class Client extends ClientConformance {
        @Override
        protected Reactor newReactor() {
            return ReactorConformance.this.newReactor();
        }
    }

    @Nested
    class Factories extends FactoryConformance {
        @Override
        protected Reactor newReactor() {
            return ReactorConformance.this.newReactor();
        }
    }

    @Nested
    class IdleTimeout extends IdleTimeoutConformance {
        @Override
        protected Reactor newReactor() {
            return ReactorConformance.this.newReactor();
        }
    }

    @Nested
    class Shutdown extends ShutdownConformance {
        @Override
        protected Reactor newReactor() {
            return ReactorConformance.this.newReactor();
        }
    }

    @Nested
    class Load extends LoadConformance {
        @Override
        protected Reactor newReactor() {
            return ReactorConformance.this.newReactor();
        }
    }
}
