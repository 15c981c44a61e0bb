package org.ktoworkbench.model.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.CancellationToken;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigJson;
import org.ktoworkbench.model.train.RunEvent;
import org.ktoworkbench.model.train.RunListener;
import org.ktoworkbench.model.train.RunSummary;
import org.ktoworkbench.model.train.Trainer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The SFT runs a sweep's points start from: one per distinct set of SFT settings, trained once and shared by every
 * point with those settings. A point's SFT settings are its config with the fields only KTO reads (β, λs, the KTO
 * learning rate and steps, its batch, evaluation and seed) put back to the sweep's base values, so points that differ
 * only there share one base, and a base's seed is the sweep's, whatever the point's replicate seed.
 */
final class SharedBases {
    /** Run config fields only the KTO phase reads. */
    static final List<String> KTO_ONLY = List.of("name", "lossType", "beta", "lambdaD", "lambdaU", "learningRate",
            "batchSize", "gradientAccumulation", "steps", "evalEvery", "evalPrompts", "judge", "sampleTemperature",
            "maxNewTokens", "checkpointEvery", "precomputeReference", "seed");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Workspace ws;
    private final long sweepId;
    private final Trainer trainer;
    private final RunConfig base;

    SharedBases(Workspace ws, long sweepId, Trainer trainer, RunConfig base) {
        this.ws = ws;
        this.sweepId = sweepId;
        this.trainer = trainer;
        this.base = base;
    }

    /** The SFT run's config for a point: its SFT settings, no KTO steps. */
    RunConfig sftConfig(RunConfig point) {
        ObjectNode config = JSON.valueToTree(point);
        ObjectNode defaults = JSON.valueToTree(base);
        for (String field : KTO_ONLY) config.set(field, defaults.get(field));
        config.put("steps", 0);
        config.put("name", Sweeps.require(ws, sweepId).name() + " base");
        return RunConfigJson.fromJson(config.toString());
    }

    /**
     * The completed SFT run for {@code point}'s settings, trained (or resumed) now if need be; null when it was
     * stopped before completing (it resumes on the next call).
     */
    Long baseFor(RunConfig point, RunListener listener, CancellationToken cancel) {
        RunConfig sft = sftConfig(point);
        String key = key(sft);
        Optional<Long> known = ws.sweeps().base(sweepId, key);
        List<RunSummary> summaries;
        if (known.isPresent()) {
            RunInfo run = ws.runs().run(known.get()).orElse(null);
            if (run != null && run.status() == RunStatus.COMPLETED) return run.id();
            if (run != null) {
                summaries = trainer.resume(run.id(), listener, cancel);
                return completed(summaries);
            }
        }
        RunListener recording = event -> {
            if (event instanceof RunEvent.Status s && s.phase() == RunEvent.Phase.SFT && s.status() == RunStatus.RUNNING) {
                ws.sweeps().setBase(sweepId, key, s.runId());
            }
            listener.onEvent(event);
        };
        return completed(trainer.train(sft, null, recording, cancel));
    }

    private static Long completed(List<RunSummary> summaries) {
        RunSummary sft = summaries.get(0);
        if (sft.status() == RunStatus.COMPLETED) return sft.runId();
        if (sft.status() == RunStatus.FAILED) {
            throw new IllegalStateException("the shared SFT base (run " + sft.runId() + ") failed: " + sft.message());
        }
        return null;
    }

    static String key(RunConfig sft) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(RunConfigJson.toJson(sft).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
