package org.ktoworkbench.app;

import javafx.application.Application;

import org.ktoworkbench.model.cli.Cli;

/**
 * Entry point of the fat jar. A plain class (not an {@link Application}) so the JavaFX runtime
 * loads from the classpath. No arguments, or only {@code --workspace DIR}: the GUI. Anything else
 * is a CLI command.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (isGuiInvocation(args)) {
            String[] fxArgs = args.length == 2 ? new String[] {"--workspace=" + args[1]} : args;
            Application.launch(WorkbenchApp.class, fxArgs);
            return;
        }
        System.exit(Cli.run(args));
    }

    static boolean isGuiInvocation(String[] args) {
        return args.length == 0
                || (args.length == 1 && args[0].startsWith("--workspace="))
                || (args.length == 2 && args[0].equals("--workspace"));
    }
}
