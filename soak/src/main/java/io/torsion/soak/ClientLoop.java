package io.torsion.soak;

/** Runs one copy of a {@link ClientKind} on a thread of its own until the load stops. */
final class ClientLoop implements Runnable {

    private final ClientKind kind;
    private final Rig rig;

    ClientLoop(ClientKind kind, Rig rig) {
        this.kind = kind;
        this.rig = rig;
    }

    @Override
    public void run() {
        Tally tally = rig.tally();
        while (rig.running()) {
            try {
                kind.body().run(rig);
                tally.count(kind.name() + " iterations");
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (kind.wellBehaved()) {
                    tally.violation(kind.name() + ": " + describe(e));
                } else {
                    tally.count(kind.name() + " ended by " + e.getClass().getSimpleName());
                }
            }
            try {
                Thread.sleep(kind.pause().toMillis());   // pacing the load, not waiting for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage()).append(')');
        }
        return text.toString();
    }
}
