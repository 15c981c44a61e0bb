package org.ktoworkbench.model.hf;

/**
 * The config.json of a transformers {@code *ForSequenceClassification} checkpoint (a reward model): the causal
 * backbone it is built on, read with that family's defaults, and what its {@code score} head needs.
 *
 * @param architecture the class name in config.json, e.g. {@code Qwen2ForSequenceClassification}
 * @param backbone     the same config read as its causal family (its {@code architecture()} is the causal class)
 * @param numLabels    rows of {@code score.weight}: {@code num_labels}, else the size of {@code id2label}, else
 *                     transformers' default of 2
 * @param padTokenId   config.json's {@code pad_token_id}, which transformers uses to find the last real token; null
 *                     when it has none (the last token is read then)
 */
public record SequenceClassifierConfig(String architecture, HfConfig backbone, int numLabels, Integer padTokenId) {
}
