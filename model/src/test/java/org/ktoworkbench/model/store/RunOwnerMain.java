package org.ktoworkbench.model.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second process that marks runs RUNNING (so it owns them, as a training process does) and then waits until it is
 * killed: the stand-in for a training process that hangs or is killed with SIGKILL.
 */
public final class RunOwnerMain {
    static final String OWNED = "owned";

    private RunOwnerMain() {}

    public static void main(String[] args) throws InterruptedException {
        Workspace ws = Workspace.open(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) ws.runs().setStatus(Long.parseLong(args[i]), RunStatus.RUNNING, null);
        System.out.println(OWNED);
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }

    /** Starts the process and returns once it owns {@code runIds}; the caller kills it. */
    public static Process start(Path workspaceDir, long... runIds) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RunOwnerMain.class.getName(), workspaceDir.toString()));
        for (long id : runIds) command.add(Long.toString(id));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.equals(OWNED)) return process;
            seen.append(line).append('\n');
        }
        process.destroyForcibly();
        throw new IllegalStateException("the owner process ended before owning its runs:\n" + seen);
    }
}
