package org.ktoworkbench.model.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second process that creates runs, as a training process does (so it owns them from their creation), leaves them
 * QUEUED or marks them RUNNING, and then waits until it is killed: the stand-in for a training process that hangs or is
 * killed with SIGKILL, before or while it trains.
 */
public final class RunOwnerMain {
    private static final String OWNED = "owned";

    /** The process and the ids of the runs it created, in the order of their names. */
    public record Owner(Process process, List<Long> runs) {
        public long pid() {
            return process.pid();
        }

        /** SIGKILL, as {@code kill -9}: the process gets no chance to record anything. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private RunOwnerMain() {}

    /** Arguments: workspace, QUEUED or RUNNING, dataset, config JSON, then one name per run to create. */
    public static void main(String[] args) throws InterruptedException {
        Workspace ws = Workspace.open(Path.of(args[0]));
        RunStatus status = RunStatus.valueOf(args[1]);
        StringBuilder ids = new StringBuilder(OWNED);
        for (int i = 4; i < args.length; i++) {
            long run = ws.runs().createRun(args[i], "kto", args[2], args[3], null);
            if (status == RunStatus.RUNNING) ws.runs().setStatus(run, RunStatus.RUNNING, null);
            ids.append(' ').append(run);
        }
        System.out.println(ids);
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }

    /** Starts the process and returns once it owns its runs, {@code status} QUEUED or RUNNING; the caller kills it. */
    public static Owner start(Path workspaceDir, RunStatus status, String dataset, String configJson, String... names)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RunOwnerMain.class.getName(), workspaceDir.toString(),
                status.name(), dataset, configJson));
        command.addAll(Arrays.asList(names));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(OWNED)) {
                List<Long> runs = Arrays.stream(line.substring(OWNED.length()).trim().split(" "))
                        .filter(s -> !s.isEmpty()).map(Long::valueOf).toList();
                return new Owner(process, runs);
            }
            seen.append(line).append('\n');
        }
        process.destroyForcibly();
        throw new IllegalStateException("the owner process ended before owning its runs:\n" + seen);
    }
}
