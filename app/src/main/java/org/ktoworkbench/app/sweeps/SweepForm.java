package org.ktoworkbench.app.sweeps;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.ktoworkbench.app.control.NumberParameter;
import org.ktoworkbench.app.setup.BalanceHint;
import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.sweep.SweepSpec;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigJson;

/**
 * Defining a sweep: several values per field, or random draws (uniform or log-uniform) from a range per field, over a base config (the run screen's config as it stands, or the
 * embedded defaults while it has values to fix), seeds, the metric and goal, and ASHA. Checked as it is typed: each
 * field's values against the run config's bounds, and the λ balance of every (λD, λU) point against the base
 * dataset ({@link BalanceHint}), one warning per point outside the paper's range.
 */
public final class SweepForm {
    static final String NOTHING_TO_SWEEP = "Give several values or a range for at least one field, or more than one seed.";
    public static final List<String> METRICS = List.of("winrate", "eval/loss", "loss", "rewards/margins");

    private final Supplier<RunConfig> setupConfig;
    private final Supplier<Long> setupBaseRun;
    private final Map<SweepField, ValueList> fields = new EnumMap<>(SweepField.class);
    private final Map<SweepField, ValueRange> ranges = new EnumMap<>(SweepField.class);
    private final NumberParameter draws = NumberParameter.integer("Random draws", 0, 1000, 0);
    private final NumberParameter seeds = NumberParameter.integer("Seeds", 1, 100, 1);
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty metric = new SimpleStringProperty(this, "metric", SweepSpec.DEFAULT_METRIC);
    private final ObjectProperty<SweepSpec.Goal> goal = new SimpleObjectProperty<>(this, "goal", SweepSpec.Goal.MAX);
    private final BooleanProperty asha = new SimpleBooleanProperty(this, "asha", false);
    private final ReadOnlyStringWrapper baseText = new ReadOnlyStringWrapper(this, "baseText", "");
    private final ReadOnlyIntegerWrapper pointCount = new ReadOnlyIntegerWrapper(this, "pointCount", 1);
    private final ReadOnlyStringWrapper pointsText = new ReadOnlyStringWrapper(this, "pointsText", "");
    private final ObservableList<String> balanceWarnings = FXCollections.observableArrayList();
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ObservableList<String> otherProblems = FXCollections.observableArrayList();
    private List<DatasetInfo> datasets = List.of();
    private RunConfig base = RunConfig.defaults();
    private Long fromRun;

    /**
     * @param setupConfig  the run screen's config, null while it has values to fix
     * @param setupBaseRun the completed run the run screen starts from, null for a new model (SFT first)
     */
    public SweepForm(Supplier<RunConfig> setupConfig, Supplier<Long> setupBaseRun) {
        this.setupConfig = setupConfig;
        this.setupBaseRun = setupBaseRun;
        ChangeListener<Object> revalidate = (obs, old, now) -> revalidate();
        for (SweepField f : SweepField.values()) {
            ValueList list = new ValueList(f);
            list.textProperty().addListener(revalidate);
            fields.put(f, list);
            // a draw is a real number: whole-number fields take grid values only
            if (!f.integer()) {
                ValueRange range = new ValueRange(f);
                range.textProperty().addListener(revalidate);
                range.logProperty().addListener(revalidate);
                ranges.put(f, range);
            }
        }
        draws.valueProperty().addListener(revalidate);
        draws.errorProperty().addListener(revalidate);
        seeds.valueProperty().addListener(revalidate);
        seeds.errorProperty().addListener(revalidate);
        metric.addListener(revalidate);
        asha.addListener(revalidate);
        refreshBase();
    }

    /** Takes the run screen's config (and its base run) as the sweep's base, as they are now. */
    public void refreshBase() {
        RunConfig fromSetup = setupConfig.get();
        base = fromSetup != null ? fromSetup : RunConfig.defaults();
        fromRun = setupBaseRun.get();
        String model = base.model().pretrained() ? base.model().folder()
                : base.model().layers() + " layers, d" + base.model().dModel();
        String start = fromRun != null ? "KTO from run #" + fromRun
                : base.sftSteps() > 0 ? "one shared SFT base of " + base.sftSteps() + " steps" : "no SFT";
        baseText.set(String.format(Locale.ROOT, "%s: %s, %s, %s; %d KTO steps, eval every %d",
                fromSetup != null ? "Base: the run screen's config" : "Base: the embedded defaults (the run screen has values to fix)",
                base.dataset(), model, start, base.steps(), base.evalEvery()));
        revalidate();
    }

    /** The workspace's datasets, for the balance of the base dataset. */
    public void setDatasets(List<DatasetInfo> list) {
        datasets = List.copyOf(list);
        revalidate();
    }

    private void revalidate() {
        List<String> list = new ArrayList<>();
        List<String> other = new ArrayList<>();
        int points = 1;
        boolean anyValues = false;
        for (ValueList v : fields.values()) {
            v.validate(base);
            if (!v.isValid()) {
                list.add(v.errorProperty().get());
            } else if (!v.values().isEmpty()) {
                anyValues = true;
                points *= v.values().size();
            }
        }
        boolean anyRange = false;
        for (ValueRange r : ranges.values()) {
            r.validate(base);
            if (!r.isValid()) {
                list.add(r.errorProperty().get());
            } else if (!r.isBlank()) {
                anyRange = true;
                if (!fields.get(r.field()).values().isEmpty()) {
                    other.add(r.field().label() + ": give grid values or a range to draw from, not both.");
                }
            }
        }
        if (!draws.isValid()) {
            list.add(draws.errorProperty().get());
        } else if (anyRange && draws.longValue() < 1) {
            other.add("Random draws: say how many points to draw from the ranges (at least 1).");
        } else if (!anyRange && draws.longValue() > 0) {
            other.add("Random draws: give a range LO:HI for at least one field to draw from.");
        } else if (anyRange) {
            points *= (int) draws.longValue();
        }
        if (!seeds.isValid()) {
            list.add(seeds.errorProperty().get());
        } else {
            points *= (int) seeds.longValue();
        }
        boolean nothingToSweep = list.isEmpty() && other.isEmpty() && !anyValues && !anyRange && seeds.longValue() < 2;
        if (metric.get() == null || metric.get().isBlank()) {
            other.add("Metric: name a logged metric (e.g. winrate).");
        }
        if (asha.get() && base.evalEvery() <= 0) {
            other.add("ASHA decides at eval points: the base config has eval interval 0.");
        }
        pointCount.set(points);
        pointsText.set(nothingToSweep ? NOTHING_TO_SWEEP : points + (points == 1 ? " point" : " points")
                + (list.isEmpty() ? "" : " once the marked values are fixed"));
        list.addAll(other);
        if (nothingToSweep) {
            list.add(NOTHING_TO_SWEEP);
        }
        problems.setAll(list);
        otherProblems.setAll(other);
        balanceWarnings.setAll(balance());
    }

    /** One warning per (λD, λU) point whose λD·nD / (λU·nU) lies outside the paper's range. */
    private List<String> balance() {
        DatasetInfo d = datasets.stream().filter(x -> x.name().equals(base.dataset())).findFirst().orElse(null);
        ValueList ld = fields.get(SweepField.LAMBDA_D);
        ValueList lu = fields.get(SweepField.LAMBDA_U);
        if (d == null || !ld.isValid() || !lu.isValid()) {
            return List.of();
        }
        List<Double> lambdaD = lambdaValues(SweepField.LAMBDA_D, base.lambdaD());
        List<Double> lambdaU = lambdaValues(SweepField.LAMBDA_U, base.lambdaU());
        String dName = drawn(SweepField.LAMBDA_D) ? "λD range end " : "λD ";
        String uName = drawn(SweepField.LAMBDA_U) ? "λU range end " : "λU ";
        List<String> warnings = new ArrayList<>();
        for (double u : lambdaU) {
            for (double dv : lambdaD) {
                BalanceHint hint = BalanceHint.of(dv, u, d.trainDesirable(), d.trainUndesirable());
                if (hint.status() != BalanceHint.Status.IN_RANGE) {
                    warnings.add(dName + plain(dv) + ", " + uName + plain(u) + ": " + hint.describe());
                }
            }
        }
        return warnings;
    }

    private boolean drawn(SweepField field) {
        return fields.get(field).values().isEmpty() && ranges.get(field).entry() != null;
    }

    /** A λ's grid values, the ends of its range (the draws fall between them), or the base value. */
    private List<Double> lambdaValues(SweepField field, double baseValue) {
        ValueList grid = fields.get(field);
        if (!grid.values().isEmpty()) {
            return grid.values();
        }
        Map.Entry<String, SweepSpec.Range> range = ranges.get(field).entry();
        return range == null ? List.of(baseValue) : List.of(range.getValue().low(), range.getValue().high());
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** The sweep as defined; call only while {@link #problems()} is empty. */
    public SweepSpec spec() {
        Map<String, List<JsonNode>> grid = new LinkedHashMap<>();
        for (ValueList v : fields.values()) {
            if (!v.values().isEmpty()) {
                grid.put(v.field().configName(), v.jsonValues());
            }
        }
        Map<String, SweepSpec.Range> drawn = new LinkedHashMap<>();
        for (ValueRange r : ranges.values()) {
            Map.Entry<String, SweepSpec.Range> e = r.entry();
            if (e != null) {
                drawn.put(e.getKey(), e.getValue());
            }
        }
        int drawCount = drawn.isEmpty() ? 0 : (int) draws.longValue();
        String sweepName = name.get() == null || name.get().isBlank() ? defaultName(grid, drawn, drawCount) : name.get().strip();
        return new SweepSpec(sweepName, RunConfigJson.toJson(base), fromRun, grid, drawCount, drawn, (int) seeds.longValue(),
                metric.get().strip(), goal.get(), asha.get() ? "asha" : "none");
    }

    private static String defaultName(Map<String, List<JsonNode>> grid, Map<String, SweepSpec.Range> drawn, int drawCount) {
        List<String> parts = new ArrayList<>();
        grid.forEach((field, values) -> parts.add(SweepField.labelOf(field) + " " + values.stream().map(JsonNode::asText)
                .reduce((a, b) -> a + "/" + b).orElse("")));
        if (!drawn.isEmpty()) {
            List<String> ranged = new ArrayList<>();
            drawn.forEach((field, r) -> ranged.add(SweepField.labelOf(field) + " " + plain(r.low()) + ":" + plain(r.high())
                    + (r.log() ? " log" : "")));
            parts.add(drawCount + " draws of " + String.join(", ", ranged));
        }
        return parts.isEmpty() ? "seeds" : String.join(" × ", parts);
    }

    public ValueList field(SweepField f) {
        return fields.get(f);
    }

    /** The range of {@code f}'s random draws; null for a whole-number field, which takes grid values only. */
    public ValueRange range(SweepField f) {
        return ranges.get(f);
    }

    public NumberParameter draws() {
        return draws;
    }

    public NumberParameter seeds() {
        return seeds;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty metricProperty() {
        return metric;
    }

    public ObjectProperty<SweepSpec.Goal> goalProperty() {
        return goal;
    }

    public BooleanProperty ashaProperty() {
        return asha;
    }

    public ReadOnlyStringProperty baseTextProperty() {
        return baseText.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty pointCountProperty() {
        return pointCount.getReadOnlyProperty();
    }

    /** "6 points", or what is missing before there is anything to sweep. */
    public ReadOnlyStringProperty pointsTextProperty() {
        return pointsText.getReadOnlyProperty();
    }

    public ObservableList<String> balanceWarnings() {
        return balanceWarnings;
    }

    /** What stops the sweep from being created, one line per problem; empty when it can be. */
    public ObservableList<String> problems() {
        return problems;
    }

    /** The problems of the whole definition that are shown neither under a field nor as the point count. */
    public ObservableList<String> otherProblems() {
        return otherProblems;
    }
}
