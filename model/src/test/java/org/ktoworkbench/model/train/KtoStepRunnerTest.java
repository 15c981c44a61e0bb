package org.ktoworkbench.model.train;

import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.bench.BenchShape;
import org.ktoworkbench.model.bench.SyntheticKto;
import org.ktoworkbench.model.nn.Gpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KtoStepRunnerTest {

    @Test
    void stepsTrainWithTheKtoObjectiveAndLeaveNothingInThePolicyManager() {
        BenchShape shape = new BenchShape(1, 16, 2, 12, 4, 30);
        try (KtoStepRunner runner = SyntheticKto.runner(shape, 2)) {
            KtoStepRunner.StepReport first = runner.step();
            int arrays = runner.policyManagedArrays();
            KtoStepRunner.StepReport second = runner.step();
            for (int i = 0; i < 5; i++) {
                runner.step();
            }
            assertEquals(7, runner.stepsDone());
            assertEquals(1, first.step());
            assertEquals(4L * 12, first.tokens());
            for (String name : new String[] {"loss", "kl", "grad_norm", "learning_rate"}) {
                assertTrue(Double.isFinite(first.metrics().get(name)), name + " = " + first.metrics().get(name));
            }
            // KTO's loss per row is in (0, λ); at a fresh policy r = 0 and z0 = 0, so it starts at 1 − σ(0) = 0.5
            assertEquals(0.5, first.metrics().get("loss"), 1e-4);
            assertTrue(first.metrics().get("grad_norm") > 0);
            assertNotEquals(first.metrics().get("loss"), second.metrics().get("loss"), "the first update moved nothing");
            assertEquals(arrays, runner.policyManagedArrays(), "arrays leaked into the policy's manager");
        }
    }

    @Test
    void fp16StepsStartWhereFloat32StepsStartAndReportTheLossScale() {
        BenchShape shape = new BenchShape(1, 16, 2, 12, 4, 30);
        try (KtoStepRunner full = SyntheticKto.runner(Gpt.create(shape.gptConfig(), 2), shape.seqLen(), shape.batch(), 2);
             KtoStepRunner half = SyntheticKto.runner(Gpt.create(shape.gptConfig(), 2), shape.seqLen(), shape.batch(), 2,
                     new StepOptions(false, MixedPrecision.FP16))) {
            KtoStepRunner.StepReport a = full.step();
            KtoStepRunner.StepReport b = half.step();
            assertEquals(a.metrics().get("loss"), b.metrics().get("loss"), 1e-3);
            assertEquals(a.metrics().get("grad_norm"), b.metrics().get("grad_norm"), 1e-2 * a.metrics().get("grad_norm"));
            assertEquals(65536.0, b.metrics().get("loss_scale"));
            assertFalse(a.metrics().containsKey("loss_scale"));
            KtoStepRunner.StepReport second = half.step();
            assertNotEquals(b.metrics().get("loss"), second.metrics().get("loss"), "the first fp16 update moved nothing");
        }
    }
}
