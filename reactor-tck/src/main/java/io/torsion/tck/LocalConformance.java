package io.torsion.tck;

/**
 * The topics that do not depend on the kind of socket one listens on: socket pairs and child
 * processes. A backend runs them once per mode, beside its {@link ReactorConformance} classes:
 *
 * <pre>{@code
 * @Nested
 * class Local extends LocalConformance {
 *     @Override
 *     protected Reactor newReactor() {
 *         return Reactors.create("select");
 *     }
 * }
 * }</pre>
 */
public abstract class LocalConformance extends ReactorKit implements
        SocketPairConformance,
        ProcessConformance {
}
