package org.ktoworkbench.app.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.sweep.SweepSpec;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigJson;

class SweepFormTest {
    /** The sample dataset's train split: 962 desirable and 1,350 undesirable rows. */
    private static final DatasetInfo SAMPLE = new DatasetInfo(1, "arithmetic-kto", "sample", "jsonl", 2556, 1071, 244, 109,
            0.1, 0L, Instant.EPOCH);

    @Test
    void eachValueIsCheckedAgainstTheRunConfigBoundsWithItsFieldNamed() {
        SweepForm form = new SweepForm(RunConfig::defaults, () -> null);
        ValueList beta = form.field(SweepField.BETA);
        beta.textProperty().set("0.1, -1");
        assertEquals("β -1: must be a positive number, got -1.0", beta.errorProperty().get());
        assertTrue(form.problems().contains(beta.errorProperty().get()));
        beta.textProperty().set("0.1, x");
        assertEquals("β: 'x' is not a number", beta.errorProperty().get());
        beta.textProperty().set("0.1,,0.5");
        assertEquals("β: an empty value between commas", beta.errorProperty().get());
        beta.textProperty().set("0.1, 0.10");
        assertEquals("β: 0.10 is given twice", beta.errorProperty().get());
        ValueList steps = form.field(SweepField.STEPS);
        steps.textProperty().set("100, 1.5");
        assertEquals("KTO steps: '1.5' is not a whole number", steps.errorProperty().get());
        assertEquals(2, form.problems().size(), "one problem per bad field");
        assertTrue(form.otherProblems().isEmpty(), "field problems are shown under their fields");

        beta.textProperty().set(" 0.05, 0.1,0.5 ");
        steps.textProperty().set("100, 200");
        assertTrue(form.problems().isEmpty(), form.problems().toString());
        assertEquals(6, form.pointCountProperty().get());
        assertEquals("6 points", form.pointsTextProperty().get());
        form.seeds().textProperty().set("2");
        assertEquals(12, form.pointCountProperty().get());

        SweepSpec spec = form.spec();
        assertEquals(List.of("beta", "steps"), List.copyOf(spec.grid().keySet()));
        assertEquals(List.of(0.05, 0.1, 0.5), spec.grid().get("beta").stream().map(JsonNode::doubleValue).toList());
        assertTrue(spec.grid().get("steps").stream().allMatch(JsonNode::isIntegralNumber), "steps stored as whole numbers");
        assertEquals(2, spec.seeds());
        assertEquals("winrate", spec.metric());
        assertEquals(SweepSpec.Goal.MAX, spec.goal());
        assertEquals("none", spec.earlyStop());
        assertEquals("β 0.05/0.1/0.5 × KTO steps 100/200", spec.name());
    }

    @Test
    void everyLambdaPointOutsideThePapersRangeIsWarnedWithItsFix() {
        SweepForm form = new SweepForm(RunConfig::defaults, () -> null);
        form.setDatasets(List.of(SAMPLE));
        assertTrue(form.balanceWarnings().isEmpty(), "the defaults' λD 1.5, λU 1 give 1.069: inside [1, 4/3]");
        form.field(SweepField.LAMBDA_D).textProperty().set("1, 1.5, 2.5");
        // λD·962 / (λU·1350): 0.713 (below), 1.069, 1.781 (above)
        assertEquals(2, form.balanceWarnings().size(), form.balanceWarnings().toString());
        assertTrue(form.balanceWarnings().get(0).startsWith("λD 1, λU 1: λD·nD / (λU·nU) = 0.713, below"),
                form.balanceWarnings().get(0));
        assertTrue(form.balanceWarnings().get(0).endsWith("raise λD to 1.41."), form.balanceWarnings().get(0));
        assertTrue(form.balanceWarnings().get(1).startsWith("λD 2.5, λU 1: λD·nD / (λU·nU) = 1.781, above"),
                form.balanceWarnings().get(1));
        form.field(SweepField.LAMBDA_U).textProperty().set("1, 2");
        // with λU 2 every λD is below: 0.356, 0.534, 0.891
        assertEquals(5, form.balanceWarnings().size(), form.balanceWarnings().toString());
        assertTrue(form.problems().isEmpty(), "the balance warns; it does not refuse");
    }

    @Test
    void theBaseIsTheRunScreensConfigOrTheDefaultsWhileItHasValuesToFix() {
        AtomicReference<RunConfig> setup = new AtomicReference<>();
        SweepForm form = new SweepForm(setup::get, () -> 7L);
        assertTrue(form.baseTextProperty().get().startsWith("Base: the embedded defaults"), form.baseTextProperty().get());
        form.field(SweepField.BETA).textProperty().set("0.1, 0.2");
        assertEquals(RunConfig.defaults().steps(), RunConfigJson.fromJson(form.spec().baseConfigJson()).steps());

        setup.set(RunConfigJson.withOverrides(RunConfig.defaults(), Map.of("steps", 12, "evalEvery", 0)));
        form.refreshBase();
        assertTrue(form.baseTextProperty().get().startsWith("Base: the run screen's config"), form.baseTextProperty().get());
        assertTrue(form.baseTextProperty().get().contains("KTO from run #7"), form.baseTextProperty().get());
        assertEquals(12, RunConfigJson.fromJson(form.spec().baseConfigJson()).steps());
        assertEquals(7L, form.spec().fromRunId());

        form.ashaProperty().set(true);
        assertEquals(List.of("ASHA decides at eval points: the base config has eval interval 0."), form.otherProblems());
        form.ashaProperty().set(false);
        form.field(SweepField.BETA).textProperty().set("");
        assertEquals(List.of("Give several values or a range for at least one field, or more than one seed."), form.problems());
        assertEquals(form.problems().get(0), form.pointsTextProperty().get(), "said where the point count goes");
        assertTrue(form.otherProblems().isEmpty());
    }

    @Test
    void randomDrawsTakeARangePerFieldCheckedByTheEngineAndTheRunConfigBounds() {
        SweepForm form = new SweepForm(RunConfig::defaults, () -> null);
        assertEquals(null, form.range(SweepField.STEPS), "a whole-number field takes grid values only");
        ValueRange beta = form.range(SweepField.BETA);
        beta.textProperty().set("0.5:0.05");
        assertEquals("β range: need LO < HI", beta.errorProperty().get());
        beta.textProperty().set("0.05-0.5");
        assertEquals("β range: expected LO:HI or LO:HI:log", beta.errorProperty().get());
        beta.textProperty().set("-1:0.5");
        beta.logProperty().set(true);
        assertEquals("β range: need LO < HI and LO > 0 for a log range", beta.errorProperty().get());
        beta.logProperty().set(false);
        assertEquals("β range end -1.0: must be a positive number, got -1.0", beta.errorProperty().get());
        assertTrue(form.problems().contains(beta.errorProperty().get()));

        beta.textProperty().set("0.05:0.5");
        beta.logProperty().set(true);
        assertTrue(beta.isValid());
        assertEquals(List.of("Random draws: say how many points to draw from the ranges (at least 1)."), form.otherProblems());
        form.draws().textProperty().set("4");
        form.field(SweepField.BETA).textProperty().set("0.1, 0.2");
        assertEquals(List.of("β: give grid values or a range to draw from, not both."), form.otherProblems());
        form.field(SweepField.BETA).textProperty().set("");
        form.field(SweepField.LAMBDA_D).textProperty().set("1, 1.5");
        form.range(SweepField.LAMBDA_U).textProperty().set("0.8:1.2");
        assertTrue(form.problems().isEmpty(), form.problems().toString());
        assertEquals(8, form.pointCountProperty().get(), "2 grid values x 4 draws");

        SweepSpec spec = form.spec();
        assertEquals(4, spec.random());
        assertEquals(Map.of("beta", new SweepSpec.Range(0.05, 0.5, true), "lambdaU", new SweepSpec.Range(0.8, 1.2, false)),
                spec.ranges());
        assertEquals("λD 1.0/1.5 × 4 draws of β 0.05:0.5 log, λU 0.8:1.2", spec.name());

        form.setDatasets(List.of(SAMPLE));
        form.field(SweepField.LAMBDA_D).textProperty().set("");
        form.range(SweepField.LAMBDA_D).textProperty().set("1:1.5");
        form.range(SweepField.LAMBDA_U).textProperty().set("");
        assertTrue(form.balanceWarnings().stream().anyMatch(w -> w.startsWith("λD range end 1, λU 1: ")), form.balanceWarnings().toString());
        assertTrue(form.balanceWarnings().stream().noneMatch(w -> w.startsWith("λD range end 1.5")), "1.5 is inside the range");

        assertEquals("0.03479", ParameterColors.display("0.03479043362865134"), "a draw shown to 4 significant digits");
        assertEquals("1.5", ParameterColors.display("1.5"));
        assertEquals("1.0", ParameterColors.display("1.0"), "typed values as they are");

        form.range(SweepField.BETA).textProperty().set("");
        form.range(SweepField.LAMBDA_D).textProperty().set("");
        assertEquals(List.of("Random draws: give a range LO:HI for at least one field to draw from."), form.otherProblems());
    }
}
