package io.torsion.select;

import io.torsion.api.Reactor;
import io.torsion.api.ReactorProvider;
import java.util.Optional;

/** Registers the {@code select} backend: runs wherever java.nio does, so it is the fallback. */
public final class SelectReactorProvider implements ReactorProvider {

    @Override
    public String name() {
        return "select";
    }

    @Override
    public String description() {
        return "java.nio.channels.Selector; runs wherever Java does";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public Reactor create() {
        return new SelectReactor();
    }
}
