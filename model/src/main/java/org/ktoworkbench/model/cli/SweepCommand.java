package org.ktoworkbench.model.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.ktoworkbench.model.EngineThreads;
import org.ktoworkbench.model.io.ExportFile;
import org.ktoworkbench.model.sample.SampleWorkspace;
import org.ktoworkbench.model.store.SweepInfo;
import org.ktoworkbench.model.store.SweepPointInfo;
import org.ktoworkbench.model.store.SweepStatus;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.sweep.SweepCsv;
import org.ktoworkbench.model.sweep.SweepListener;
import org.ktoworkbench.model.sweep.SweepResults;
import org.ktoworkbench.model.sweep.SweepRunner;
import org.ktoworkbench.model.sweep.SweepSlots;
import org.ktoworkbench.model.sweep.SweepSpace;
import org.ktoworkbench.model.sweep.SweepSpec;
import org.ktoworkbench.model.sweep.Sweeps;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigJson;
import org.ktoworkbench.model.train.RunEvent;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code sweep create|run|add|pause|cancel|list|show}: hyperparameter sweeps stored in the workspace. */
@Command(name = "sweep", mixinStandardHelpOptions = true, description = "Hyperparameter sweeps: many KTO runs over a search space.",
        subcommands = {SweepCommand.Create.class, SweepCommand.Run.class, SweepCommand.Add.class, SweepCommand.Pause.class,
                SweepCommand.Cancel.class, SweepCommand.ListSweeps.class, SweepCommand.Show.class})
final class SweepCommand implements Runnable {
    @CommandLine.Mixin
    WorkspaceOption workspace;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a sweep command is required (e.g. sweep create)");
    }

    /** The search space options {@code create} and {@code add} share. */
    static final class Space {
        @Option(names = "--grid", paramLabel = "FIELD=V1,V2,...", description = "Values of a run config field (repeatable).")
        List<String> grid = List.of();
        @Option(names = "--random", paramLabel = "N", description = "Random draws over the --range fields.")
        int random;
        @Option(names = "--range", paramLabel = "FIELD=LO:HI[:log]", description = "Range of a random draw (repeatable).")
        List<String> ranges = List.of();
        @Option(names = "--seeds", paramLabel = "K", defaultValue = "1", description = "Replicates of each point (seed, seed+1, ...).")
        int seeds;

        SweepSpec spec(String name, String baseJson, Long fromRun, String metric, SweepSpec.Goal goal, String earlyStop) {
            if (seeds < 1) throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
            if (random < 0) throw new IllegalArgumentException("--random must be 0 or more, got " + random);
            if (random > 0 && ranges.isEmpty()) throw new IllegalArgumentException("--random needs at least one --range");
            Map<String, List<JsonNode>> g = new LinkedHashMap<>();
            for (String text : grid) {
                Map.Entry<String, List<JsonNode>> e = SweepSpace.parseGrid(text);
                if (g.put(e.getKey(), e.getValue()) != null) throw new IllegalArgumentException("--grid " + e.getKey() + " given twice");
            }
            Map<String, SweepSpec.Range> r = new LinkedHashMap<>();
            for (String text : ranges) {
                Map.Entry<String, SweepSpec.Range> e = SweepSpace.parseRange(text);
                if (g.containsKey(e.getKey()) || r.put(e.getKey(), e.getValue()) != null) {
                    throw new IllegalArgumentException("field " + e.getKey() + " is given more than once");
                }
            }
            return new SweepSpec(name, baseJson, fromRun, g, random, r, seeds, metric, goal, earlyStop);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Define a sweep; prints its id.")
    static final class Create extends WorkspaceCommand {
        @Option(names = "--config", paramLabel = "FILE", description = "Base run config (default: the embedded task's).")
        Path config;
        @Option(names = "--from-run", paramLabel = "RUN", description = "Start every point from this completed run's model.")
        Long fromRun;
        @CommandLine.Mixin
        Space space;
        @Option(names = "--metric", defaultValue = SweepSpec.DEFAULT_METRIC, description = "Metric to optimise at each run's last eval point (default: ${DEFAULT-VALUE}).")
        String metric;
        @Option(names = "--goal", defaultValue = "max", description = "max or min (default: ${DEFAULT-VALUE}).")
        String goal;
        @Option(names = "--early-stop", defaultValue = "none", description = "asha: successive halving at eval points.")
        String earlyStop;
        @Option(names = "--name", description = "Sweep name.")
        String name;

        @Override
        int run(Workspace ws, PrintWriter out) {
            if (config != null && fromRun != null) throw new IllegalArgumentException("give --config or --from-run, not both");
            RunConfig base = RunConfigJson.read(config, Map.of());
            SweepSpec.Goal g = switch (goal.toLowerCase(Locale.ROOT)) {
                case "max" -> SweepSpec.Goal.MAX;
                case "min" -> SweepSpec.Goal.MIN;
                default -> throw new IllegalArgumentException("--goal must be max or min, got '" + goal + "'");
            };
            if (SampleWorkspace.isEmbedded(base.dataset())) SampleWorkspace.ensureSampleDataset(ws, base.dataset());
            String sweepName = name != null ? name : "sweep " + base.dataset();
            // from a run without a config file, the points take the run's own config
            String baseJson = fromRun != null && config == null ? null : RunConfigJson.toJson(base);
            long id = Sweeps.create(ws, space.spec(sweepName, baseJson, fromRun, metric, g, earlyStop));
            out.println(id);
            return 0;
        }
    }

    /** The sweep id argument of the commands on one sweep. */
    abstract static class OnSweep extends WorkspaceCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "Sweep id.")
        long id;
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Train the sweep's points; after an interruption, resumes where it stopped.",
                    "One at a time on CPU (two trainings at once on these cores are several times slower); with",
                    "--parallel N, N at once, each in a process of its own (a GPU with memory to spare)."})
    static final class Run extends OnSweep {
        @Option(names = "--parallel", paramLabel = "N", description = "Points trained at once, each in its own process"
                + " (default: 1 on CPU; on a GPU as many as its free memory holds).")
        Integer parallel;

        @Option(names = "--point", paramLabel = "N", description = "Train only this point, in this process (numbered"
                + " from 1, as sweep show lists them): what each process of --parallel runs.")
        Integer point;

        @Override
        int run(Workspace ws, PrintWriter out) {
            if (point != null && parallel != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--point trains one point: give it without --parallel");
            }
            if (point != null && point < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--point is numbered from 1, got " + point);
            }
            if (parallel != null && parallel < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--parallel must be at least 1, got " + parallel);
            }
            ProgressLine progress = ProgressLine.forConsole(out);
            SweepListener listener = new SweepListener() {
                @Override
                public void onPointStart(SweepPointInfo point, int total) {
                    out.println("point " + (point.index() + 1) + "/" + total + ": " + TerminalText.escape(point.paramsJson()));
                }

                @Override
                public void onPointEnd(SweepPointInfo point) {
                    out.println("point " + (point.index() + 1) + ": " + point.status().name().toLowerCase(Locale.ROOT)
                            + (point.metric() == null ? "" : String.format(Locale.ROOT, ", metric %.4f", point.metric()))
                            + (point.note() == null ? "" : " — " + TerminalText.escape(point.note())));
                    out.flush();
                }

                @Override
                public void onEvent(RunEvent event) {
                    progress.onEvent(event);
                }
            };
            SweepRunner runner = new SweepRunner(ws, id);
            if (point != null) {
                try (EngineThreads threads = OtherTrainings.warnAndShareCores(ws, List.of(), out)) {
                    CancelOnInterrupt.run(cancel -> runner.runPoint(point - 1, listener, cancel));
                }
                return 0;
            }
            int slots = parallel != null ? parallel : SweepSlots.auto(ws, Sweeps.baseConfigOf(ws, id), Sweeps.fromRunOf(ws, id));
            SweepStatus status;
            if (slots > 1) {
                out.println("training up to " + slots + " points at once, each in its own process (logs: "
                        + ws.sweeps().pointLog(id, 0).getParent() + ")");
                out.flush();
                status = CancelOnInterrupt.run(cancel -> runner.runParallel(slots, new ChildSweepPoint(ws.directory()),
                        listener, cancel));
            } else {
                try (EngineThreads threads = OtherTrainings.warnAndShareCores(ws, List.of(), out)) {
                    status = CancelOnInterrupt.run(cancel -> runner.run(listener, cancel));
                }
            }
            out.println("sweep " + id + ": " + status.name().toLowerCase(Locale.ROOT));
            new Show.Table(SweepResults.of(ws, id)).print(out);
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add points or seeds to a sweep, also while it runs.")
    static final class Add extends OnSweep {
        @CommandLine.Mixin
        Space space;

        @Override
        int run(Workspace ws, PrintWriter out) {
            SweepSpec current = SweepSpec.fromJson(Sweeps.require(ws, id).specJson());
            int added = Sweeps.add(ws, id, space.spec(current.name(), current.baseConfigJson(), current.fromRunId(),
                    current.metric(), current.goal(), current.earlyStop()));
            out.println("added " + added + " point" + (added == 1 ? "" : "s") + " to sweep " + id);
            return 0;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a sweep (its run stops at the next step; sweep run goes on).")
    static final class Pause extends OnSweep {
        @Override
        int run(Workspace ws, PrintWriter out) {
            Sweeps.pause(ws, id);
            out.println("paused sweep " + id);
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a sweep, or one point of it (--point N).")
    static final class Cancel extends OnSweep {
        @Option(names = "--point", paramLabel = "N", description = "Cancel only this point (numbered from 1, as sweep show lists them).")
        Integer point;

        @Override
        int run(Workspace ws, PrintWriter out) {
            Sweeps.cancel(ws, id, point);
            out.println(point == null ? "cancelled sweep " + id : "cancelled point " + point + " of sweep " + id);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the sweeps of the workspace.")
    static final class ListSweeps extends WorkspaceCommand {
        @Override
        int run(Workspace ws, PrintWriter out) {
            TextTable table = new TextTable("id", "name", "status", "points", "ended", "best");
            for (SweepInfo s : ws.sweeps().list()) {
                SweepResults results = SweepResults.of(ws, s.id());
                long ended = ws.sweeps().points(s.id()).stream().filter(p -> p.status().ended()).count();
                table.row(s.id(), s.name(), s.status().name().toLowerCase(Locale.ROOT), results.rows().size(), ended,
                        results.best().map(r -> String.format(Locale.ROOT, "#%d %s %.4f", r.number(), results.spec().metric(),
                                r.metric())).orElse(""));
            }
            table.print(out);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A sweep's results table (best marked *).")
    static final class Show extends OnSweep {
        @Option(names = "--csv", paramLabel = "FILE", description = "Also write the table as CSV.")
        Path csv;
        @Option(names = "--force", description = "Replace an existing --csv file.")
        boolean force;

        @Override
        int run(Workspace ws, PrintWriter out) throws Exception {
            SweepResults results = SweepResults.of(ws, id);
            out.println("sweep " + id + " (" + TerminalText.escape(results.sweep().name()) + "), "
                    + results.sweep().status().name().toLowerCase(Locale.ROOT) + "; metric " + results.spec().metric()
                    + ", goal " + results.spec().goal().name().toLowerCase(Locale.ROOT));
            new Table(results).print(out);
            if (csv != null) {
                ExportFile.write(csv, force, stream -> {
                    stream.write(SweepCsv.of(results).getBytes(StandardCharsets.UTF_8));
                    return null;
                });
                out.println("wrote " + TerminalText.escape(csv));
            }
            return 0;
        }

        /** The points, then (when there are replicates) the settings with their mean over seeds. */
        record Table(SweepResults results) {
            void print(PrintWriter out) {
                List<String> header = new java.util.ArrayList<>(List.of("", "point"));
                header.addAll(results.parameters());
                header.addAll(List.of("seed", "status", results.spec().metric(), "95% interval", "run", "note"));
                TextTable table = new TextTable(header.toArray(String[]::new));
                Integer best = results.best().map(SweepResults.Row::number).orElse(null);
                for (SweepResults.Row r : results.rows()) {
                    List<Object> cells = new java.util.ArrayList<>(List.of(Integer.valueOf(r.number()).equals(best) ? "*" : "",
                            r.number()));
                    cells.addAll(r.values().values());
                    cells.addAll(java.util.Arrays.asList(r.seed(), r.status(), number(r.metric()),
                            r.lower() == null ? "" : "[" + number(r.lower()) + ", " + number(r.upper()) + "]",
                            r.runId(), r.note() == null ? "" : TextTable.clip(r.note(), 60)));
                    table.row(cells.toArray());
                }
                table.print(out);
                if (results.groups().size() == results.rows().size()) return;
                out.println();
                List<String> groupHeader = new java.util.ArrayList<>(results.parameters());
                groupHeader.addAll(List.of("runs", "mean " + results.spec().metric(), "95% interval (t)"));
                TextTable groups = new TextTable(groupHeader.toArray(String[]::new));
                for (SweepResults.Group g : results.groups()) {
                    List<Object> cells = new java.util.ArrayList<>(g.values().values());
                    cells.addAll(java.util.Arrays.asList(g.runs(), number(g.mean()),
                            g.interval() == null ? "" : "[" + number(g.interval()[0]) + ", " + number(g.interval()[1]) + "]"));
                    groups.row(cells.toArray());
                }
                groups.print(out);
            }

            private static String number(Double v) {
                return v == null ? "" : String.format(Locale.ROOT, "%.4f", v);
            }
        }
    }
}
