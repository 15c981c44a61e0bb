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
 * Defining a sweep: several values per field over a base config (the run screen's config as it stands, or the
 * embedded defaults while it has values to fix), seeds, the metric and goal, and ASHA. Checked as it is typed: each
 * field's values against the run config's bounds, and the λ balance of every (λD, λU) point against the base
 * dataset ({@link BalanceHint}), one warning per point outside the paper's range.
 */
public final class SweepForm {
    static final String NOTHING_TO_SWEEP = "Give several values for at least one field, or more than one seed.";
    public static final List<String> METRICS = List.of("winrate", "eval/loss", "loss", "rewards/margins");

    private final Supplier<RunConfig> setupConfig;
    private final Supplier<Long> setupBaseRun;
    private final Map<SweepField, ValueList> fields = new EnumMap<>(SweepField.class);
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
        }
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
        if (!seeds.isValid()) {
            list.add(seeds.errorProperty().get());
        } else {
            points *= (int) seeds.longValue();
        }
        boolean nothingToSweep = list.isEmpty() && !anyValues && seeds.longValue() < 2;
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
        List<Double> lambdaD = ld.values().isEmpty() ? List.of(base.lambdaD()) : ld.values();
        List<Double> lambdaU = lu.values().isEmpty() ? List.of(base.lambdaU()) : lu.values();
        List<String> warnings = new ArrayList<>();
        for (double u : lambdaU) {
            for (double dv : lambdaD) {
                BalanceHint hint = BalanceHint.of(dv, u, d.trainDesirable(), d.trainUndesirable());
                if (hint.status() != BalanceHint.Status.IN_RANGE) {
                    warnings.add("λD " + plain(dv) + ", λU " + plain(u) + ": " + hint.describe());
                }
            }
        }
        return warnings;
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
        String sweepName = name.get() == null || name.get().isBlank() ? defaultName(grid) : name.get().strip();
        return new SweepSpec(sweepName, RunConfigJson.toJson(base), fromRun, grid, 0, Map.of(), (int) seeds.longValue(),
                metric.get().strip(), goal.get(), asha.get() ? "asha" : "none");
    }

    private static String defaultName(Map<String, List<JsonNode>> grid) {
        List<String> parts = new ArrayList<>();
        grid.forEach((field, values) -> parts.add(SweepField.labelOf(field) + " " + values.stream().map(JsonNode::asText)
                .reduce((a, b) -> a + "/" + b).orElse("")));
        return parts.isEmpty() ? "seeds" : String.join(" × ", parts);
    }

    public ValueList field(SweepField f) {
        return fields.get(f);
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
