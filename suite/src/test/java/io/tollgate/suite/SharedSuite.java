package io.tollgate.suite;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One started suite for every end-to-end test class of the run (starting six JVMs costs tens of seconds on 2 cores).
 * Stored in the root context, so JUnit closes it once after the last test.
 */
public final class SharedSuite implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SharedSuite.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        suite(context);
    }

    static Suite suite(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent("suite", k -> {
            try {
                Suite s = Suite.start(SuiteOptions.endToEndTests(repoRoot()));
                return new Holder(s);
            } catch (Exception e) {
                throw new IllegalStateException("could not start the suite: " + e.getMessage(), e);
            }
        }, Holder.class).suite;
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("tollgate"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (the folder holding ./tollgate) above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        return pc.getParameter().getType() == Suite.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        return suite(ec);
    }

    record Holder(Suite suite) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            suite.close();
        }
    }
}
