package io.tollgate.router.service;

import java.util.HashMap;
import java.util.Map;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.tollgate.router.config.RouterConfig;

/** A RouterConfig from key-value pairs over the defaults, for tests of the beans that check it at start. */
final class TestConfig {
    private TestConfig() {
    }

    static RouterConfig router(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return new SmallRyeConfigBuilder().withMapping(RouterConfig.class)
                .withSources(new PropertiesConfigSource(props, "test", 500)).build().getConfigMapping(RouterConfig.class);
    }
}
