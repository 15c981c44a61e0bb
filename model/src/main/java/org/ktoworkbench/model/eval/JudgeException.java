package org.ktoworkbench.model.eval;

/**
 * A judge could give no verdict: its server was down, too slow, refused the request or answered something that names
 * neither completion. The message says which, for a person; an evaluation point that meets it is marked failed
 * rather than stopping the run.
 */
public final class JudgeException extends RuntimeException {
    public JudgeException(String message) {
        super(message);
    }
}
