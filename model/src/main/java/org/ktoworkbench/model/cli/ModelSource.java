package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.RunPaths;
import picocli.CommandLine.ITypeConverter;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code --model DIR|RUN} names: a model folder, or a run of the workspace (its final model). A value of digits
 * only is a run id unless a folder of that name exists.
 */
record ModelSource(Path dir, Long runId) {

    static ModelSource parse(String value) {
        if (value.matches("[0-9]{1,18}") && !Files.isDirectory(Path.of(value))) {
            return new ModelSource(null, Long.parseLong(value));
        }
        return new ModelSource(Path.of(value), null);
    }

    /** The model folder, checked to exist. */
    Path folder(Workspace ws) {
        if (dir != null) return dir;
        RunInfo run = RunCommand.requireRun(ws, runId);
        Path finalModel = new RunPaths(ws.directory(), run.id()).finalModel();
        if (!Files.isDirectory(finalModel)) {
            throw new IllegalArgumentException("run " + runId + " has no final model (status "
                    + run.status().name().toLowerCase() + "; a run leaves one when it completes)");
        }
        return finalModel;
    }

    @Override
    public String toString() {
        return dir != null ? dir.toString() : "run " + runId;
    }

    /** Picocli converter for {@code --model}. */
    static final class Converter implements ITypeConverter<ModelSource> {
        @Override
        public ModelSource convert(String value) {
            return parse(value);
        }
    }
}
