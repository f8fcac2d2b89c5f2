package io.torsion.api;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGINT and SIGTERM as a request to stop the reactor that {@link Reactors#runUntilSignalled} runs,
 * for the life of the process once {@link Reactors#trapSignals()} was called.
 *
 * <p>The JVM's own handling of those signals runs shutdown hooks while every other thread goes on,
 * and then exits with 128 plus the signal's number; a hook can neither let {@code run()} return nor
 * choose the exit status without halting. So the handlers are replaced through
 * {@code sun.misc.Signal} (module jdk.unsupported, in every JDK since 6), looked up reflectively
 * because javac warns about every direct use and no annotation silences it. Where that class is
 * missing, a shutdown hook stops the reactor and halts with 0 once it stopped.
 *
 * <p>A signal with no reactor running is remembered: the next {@code runUntilSignalled} stops its
 * reactor as soon as it starts. A second signal while a reactor is stopping ends the process at once.
 */
final class SignalStop {

    private enum State { IDLE, PENDING, RUNNING, STOPPING }

    private static final String[] SIGNALS = {"INT", "TERM"};

    /** How long the fallback hook waits for the reactor before halting anyway. */
    private static final Duration HOOK_GRACE = Duration.ofSeconds(10);

    private static final SignalStop INSTANCE = new SignalStop();

    private State state = State.IDLE;
    private String running;
    private Runnable stopper;
    private boolean trapped;
    private boolean viaHook;
    private CountDownLatch stopped;

    static SignalStop get() {
        return INSTANCE;
    }

    /** Installs the handlers once per process. */
    synchronized void trap() {
        if (trapped) {
            return;
        }
        trapped = true;
        viaHook = !installHandlers();
        if (viaHook) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::hookStops, "torsion-signal-stop"));
        }
    }

    /** Runs {@code run} (a reactor's or a group's) until it returns; true when a signal stopped it. */
    boolean run(String name, Runnable run, Runnable stop) {
        trap();
        synchronized (this) {
            if (state == State.RUNNING || state == State.STOPPING) {
                throw new IllegalStateException("runUntilSignalled is already running " + running
                        + "; it runs one reactor at a time");
            }
            boolean pending = state == State.PENDING;
            running = name;
            stopper = stop;
            stopped = new CountDownLatch(1);
            state = pending ? State.STOPPING : State.RUNNING;
            if (pending) {
                stop.run(); // before run(): it starts, then shuts down at once
            }
        }
        boolean signalled;
        try {
            run.run();
        } finally {
            synchronized (this) {
                signalled = state == State.STOPPING;
                state = State.IDLE;
                running = null;
                stopper = null;
                stopped.countDown();
            }
        }
        return signalled;
    }

    /** What a SIGINT or SIGTERM does. */
    void signalled(int number) {
        synchronized (this) {
            switch (state) {
                case IDLE, PENDING -> state = State.PENDING;
                case RUNNING -> {
                    state = State.STOPPING;
                    stopper.run();
                }
                case STOPPING -> {
                    System.err.println("torsion: second signal while stopping; exiting now");
                    Runtime.getRuntime().halt(128 + number);
                }
            }
        }
    }

    /** The fallback without sun.misc.Signal: the JVM is exiting; stop the reactor and exit 0. */
    private void hookStops() {
        CountDownLatch wait;
        synchronized (this) {
            if (state != State.RUNNING) {
                return; // no reactor of ours: leave the exit status to the JVM
            }
            state = State.STOPPING;
            stopper.run();
            wait = stopped;
        }
        boolean clean;
        try {
            clean = wait.await(HOOK_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            clean = false;
        }
        System.out.flush();
        Runtime.getRuntime().halt(clean ? 0 : 1);
    }

    /** Replaces the JVM's handlers for SIGINT and SIGTERM; false when sun.misc.Signal is not there. */
    private boolean installHandlers() {
        Class<?> signalClass;
        Class<?> handlerClass;
        Method handle;
        Method number;
        try {
            signalClass = Class.forName("sun.misc.Signal");
            handlerClass = Class.forName("sun.misc.SignalHandler");
            handle = signalClass.getMethod("handle", signalClass, handlerClass);
            number = signalClass.getMethod("getNumber");
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
        InvocationHandler onSignal = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "torsion signal handler";
                };
            }
            signalled((Integer) number.invoke(args[0]));
            return null;
        };
        Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass}, onSignal);
        boolean any = false;
        for (String name : SIGNALS) {
            try {
                handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
                any = true;
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                // This signal is reserved here (the JVM runs with -Xrs, say); the other may still work.
            }
        }
        return any;
    }
}
