package org.ktoworkbench.model.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.store.Split;
import org.ktoworkbench.model.store.Workspace;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleWorkspaceTest {
    @TempDir
    Path dir;

    @Test
    void thePairedTaskIsSplitOnTheUnpairedTasksEvalPromptsSoNoArmTrainsOnAnotherArmsEvalPrompts() {
        try (Workspace ws = Workspace.open(dir)) {
            // the paired dataset first: it must bring the unpaired one and take its split, whichever is asked for first
            SampleWorkspace.ensureSampleDataset(ws, SampleWorkspace.PAIRED_DATASET);
            Set<String> ktoTrain = prompts(ws.datasets().examples(SampleWorkspace.DATASET, Split.TRAIN));
            Set<String> ktoEval = prompts(ws.datasets().examples(SampleWorkspace.DATASET, Split.EVAL));
            Set<String> pairsTrain = prompts(ws.datasets().examples(SampleWorkspace.PAIRED_DATASET, Split.TRAIN));
            Set<String> pairsEval = prompts(ws.datasets().examples(SampleWorkspace.PAIRED_DATASET, Split.EVAL));

            assertTrue(pairsEval.stream().noneMatch(ktoTrain::contains), "a DPO eval prompt is a KTO train prompt");
            assertTrue(pairsTrain.stream().noneMatch(ktoEval::contains), "DPO trains on a KTO eval prompt");
            assertEquals(ktoEval.stream().filter(p -> pairsEval.contains(p) || pairsTrain.contains(p))
                    .collect(Collectors.toSet()), pairsEval);
            assertTrue(ktoTrain.containsAll(pairsTrain));
            assertTrue(pairsEval.size() > 40 && pairsEval.size() < 120, "eval pairs: " + pairsEval.size());
        }
    }

    private static Set<String> prompts(List<Example> rows) {
        return rows.stream().map(Example::prompt).collect(Collectors.toSet());
    }
}
