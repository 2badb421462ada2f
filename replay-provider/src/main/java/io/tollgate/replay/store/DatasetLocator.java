package io.tollgate.replay.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the shared datasets folder: the configured path first, then {@code shared/datasets} in any parent. */
final class DatasetLocator {

    static final String ROUTERBENCH = "routing/routerbench-subset";

    private DatasetLocator() {
    }

    static Optional<Path> routerBenchDir(String configured, Path workingDir) {
        Path first = workingDir.resolve(configured).normalize().resolve(ROUTERBENCH);
        if (Files.isDirectory(first)) {
            return Optional.of(first);
        }
        for (Path p = workingDir.toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/datasets").resolve(ROUTERBENCH);
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
