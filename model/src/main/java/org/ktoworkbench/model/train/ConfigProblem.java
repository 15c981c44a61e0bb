package org.ktoworkbench.model.train;

/** One invalid value in a run config: the JSON field and what is wrong with it. */
public record ConfigProblem(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
