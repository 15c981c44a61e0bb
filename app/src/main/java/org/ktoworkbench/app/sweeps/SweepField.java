package org.ktoworkbench.app.sweeps;

import java.util.Arrays;
import java.util.function.Function;

import org.ktoworkbench.model.train.RunConfig;

/** The run config fields the sweep form offers several values for, by their config name, with the run screen's labels. */
public enum SweepField {
    BETA("beta", "β", false, RunConfig::beta),
    LAMBDA_D("lambdaD", "λD", false, RunConfig::lambdaD),
    LAMBDA_U("lambdaU", "λU", false, RunConfig::lambdaU),
    LEARNING_RATE("learningRate", "Learning rate", false, RunConfig::learningRate),
    STEPS("steps", "KTO steps", true, RunConfig::steps);

    private final String configName;
    private final String label;
    private final boolean integer;
    private final Function<RunConfig, Number> read;

    SweepField(String configName, String label, boolean integer, Function<RunConfig, Number> read) {
        this.configName = configName;
        this.label = label;
        this.integer = integer;
        this.read = read;
    }

    /** This field's value in {@code config}. */
    public Number valueIn(RunConfig config) {
        return read.apply(config);
    }

    public String configName() {
        return configName;
    }

    public String label() {
        return label;
    }

    public boolean integer() {
        return integer;
    }

    /** The label of a config field a sweep varies (any field: sweeps made with the CLI may vary others). */
    public static String labelOf(String configName) {
        return Arrays.stream(values()).filter(f -> f.configName.equals(configName)).findFirst()
                .map(SweepField::label).orElse(configName);
    }
}
