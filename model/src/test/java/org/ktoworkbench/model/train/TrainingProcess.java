package org.ktoworkbench.model.train;

import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The command line in a child JVM (this test's classpath), to be killed with SIGKILL mid-run. */
public final class TrainingProcess {
    private final Process process;
    private final Path log;

    private TrainingProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static TrainingProcess start(List<String> cliArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.ktoworkbench.model.cli.Cli"));
        command.addAll(cliArgs);
        return new TrainingProcess(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .start(), log);
    }

    /** Waits until the newest run of the workspace has recorded {@code step} training steps; returns its id. */
    public long waitForStep(Workspace ws, long step) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) fail("the child ended before step " + step + ":\n" + Files.readString(log));
            Optional<RunInfo> run = ws.runs().listRuns().stream().findFirst();
            if (run.isPresent() && ws.runs().metricsAfter(run.get().id(), step - 1).stream()
                    .anyMatch(p -> p.name().equals("loss"))) {
                return run.get().id();
            }
            Thread.sleep(5);
        }
        return fail("no step " + step + " within 60 s:\n" + Files.readString(log));
    }

    /** SIGKILL (no shutdown hook, no final status), then waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the child did not die");
    }
}
