package org.ktoworkbench.app;

import javafx.application.Application;

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
            String[] fxArgs = args.length == 0 ? args : new String[] {"--workspace=" + args[1]};
            Application.launch(WorkbenchApp.class, fxArgs);
            return;
        }
        // TODO(gui): delegate to org.ktoworkbench.model.cli.Cli.run(args) once the CLI lands on main
        System.err.println("kto-workbench: the command line is not available in this build");
        System.exit(2);
    }

    static boolean isGuiInvocation(String[] args) {
        return args.length == 0 || (args.length == 2 && args[0].equals("--workspace"));
    }
}
