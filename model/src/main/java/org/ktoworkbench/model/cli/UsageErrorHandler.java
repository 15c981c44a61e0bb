package org.ktoworkbench.model.cli;

import picocli.CommandLine;

/**
 * Picocli's own handling of bad usage (message, then the command's usage), with the message escaped: picocli echoes
 * the offending argument ({@code Unknown option: '...'}), which is user text.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
    private final CommandLine.IParameterExceptionHandler picocli;

    UsageErrorHandler(CommandLine.IParameterExceptionHandler picocli) {
        this.picocli = picocli;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) throws Exception {
        String message = TerminalText.escape(e.getMessage());
        if (message == null || message.equals(e.getMessage())) return picocli.handleParseException(e, args);
        CommandLine.ParameterException escaped = e.getArgSpec() == null && e.getValue() == null
                ? new CommandLine.ParameterException(e.getCommandLine(), message)
                : new CommandLine.ParameterException(e.getCommandLine(), message, e.getArgSpec(), e.getValue());
        return picocli.handleParseException(escaped, args);
    }
}
