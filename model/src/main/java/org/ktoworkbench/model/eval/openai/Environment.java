package org.ktoworkbench.model.eval.openai;

/**
 * Where the judge reads its API key: the process environment ({@link #SYSTEM}), or, in tests, a map. A variable that
 * is not set reads null.
 */
@FunctionalInterface
public interface Environment {
    Environment SYSTEM = System::getenv;

    String variable(String name);
}
