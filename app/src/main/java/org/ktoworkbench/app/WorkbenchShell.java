package org.ktoworkbench.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

import org.ktoworkbench.app.concurrent.BackgroundTask;
import org.ktoworkbench.app.concurrent.TaskExecutor;
import org.ktoworkbench.app.compare.ComparePage;
import org.ktoworkbench.app.compare.CompareViewModel;
import org.ktoworkbench.app.datasets.DatasetsPage;
import org.ktoworkbench.app.monitor.MonitorPage;
import org.ktoworkbench.app.monitor.MonitorViewModel;
import org.ktoworkbench.app.run.RunLauncher;
import org.ktoworkbench.app.runs.RunsPage;
import org.ktoworkbench.app.runs.RunsViewModel;
import org.ktoworkbench.app.setup.RunSetupPage;
import org.ktoworkbench.app.setup.RunSetupViewModel;
import org.ktoworkbench.app.datasets.DatasetsViewModel;
import org.ktoworkbench.app.datasets.TokenizationViewModel;
import org.ktoworkbench.app.modelfolder.RecentModelFolders;
import org.ktoworkbench.app.event.EventBus;
import org.ktoworkbench.app.event.WorkbenchEvents;
import org.ktoworkbench.app.layout.MainWindow;
import org.ktoworkbench.app.layout.NavigationViewModel;
import org.ktoworkbench.app.layout.Page;
import org.ktoworkbench.app.settings.AppSettings;
import org.ktoworkbench.app.sweeps.SweepsPage;
import org.ktoworkbench.app.sweeps.SweepsViewModel;
import org.ktoworkbench.app.theme.ThemeManager;
import org.ktoworkbench.app.theme.ThemeMode;
import org.ktoworkbench.app.workspace.SampleDatasetImport;
import org.ktoworkbench.app.workspace.WorkspaceSession;
import org.ktoworkbench.model.store.Workspace;

/**
 * The composition root: builds the services (executor, theme, settings), the main window and, per
 * open workspace, the pages and their event bus. The GUI, the screen renderer and the UI tests all
 * start here.
 */
public final class WorkbenchShell implements AutoCloseable {
    public static final String SETTINGS_FILE = "gui-settings.json";

    private final NavigationViewModel navigation = new NavigationViewModel();
    private final TaskExecutor executor;
    private final AppSettings settings;
    private final ThemeManager theme;
    private final RecentModelFolders modelFolders;
    private final Label workspaceLabel = new Label();
    private final MenuButton workspaceMenu = new MenuButton("Workspace");
    private final MainWindow window;
    private WorkspaceSession session;
    private EventBus bus;
    private DatasetsViewModel datasets;
    private TokenizationViewModel tokens;
    private RunLauncher launcher;
    private RunSetupViewModel setup;
    private MonitorViewModel monitor;
    private RunsViewModel runs;
    private CompareViewModel compare;
    private SweepsViewModel sweeps;

    private WorkbenchShell(Path settingsFile, TaskExecutor executor) {
        this.executor = executor;
        this.settings = AppSettings.load(settingsFile);
        this.theme = new ThemeManager(settings.theme());
        theme.apply();
        theme.modeProperty().addListener((obs, old, now) -> {
            settings.setTheme(now);
            saveSettings();
        });
        modelFolders = new RecentModelFolders(settings, this::saveSettings, executor);
        workspaceLabel.getStyleClass().add("workspace-label");
        workspaceLabel.setWrapText(true);
        window = new MainWindow(navigation, workspaceLabel, footer());
    }

    /**
     * Opens {@code workspaceDir} (null: the default workspace) with settings kept in {@code settingsFile}
     * (null: beside the default workspace). A workspace this creates gets the sample dataset.
     */
    public static WorkbenchShell open(Path workspaceDir, Path settingsFile, TaskExecutor executor) {
        Path settingsPath = settingsFile != null ? settingsFile : Workspace.defaultDirectory().resolve(SETTINGS_FILE);
        WorkbenchShell shell = new WorkbenchShell(settingsPath, executor);
        shell.openWorkspace(workspaceDir != null ? workspaceDir : Workspace.defaultDirectory());
        return shell;
    }

    /** Closes the current workspace and shows {@code dir} instead; pages are rebuilt over it. */
    public void openWorkspace(Path dir) {
        refuseWhileTraining();
        show(WorkspaceSession.open(dir));
    }

    private void refuseWhileTraining() {
        if (launcher != null && launcher.runningProperty().get()) {
            throw new IllegalStateException("a run is training in the current workspace; cancel it first");
        }
    }

    private void show(WorkspaceSession next) {
        Path dir = next.directory();
        if (session != null) {
            session.close();
        }
        if (tokens != null) {
            tokens.close();
        }
        session = next;
        bus = new EventBus();
        bus.subscribe(WorkbenchEvents.Navigate.class, e -> navigation.show(e.page()));
        settings.addRecentWorkspace(dir);
        saveSettings();
        workspaceLabel.setText(session.directory().toAbsolutePath().toString());
        rebuildWorkspaceMenu();
        Workspace ws = session.workspace();
        datasets = new DatasetsViewModel(ws, executor, bus);
        tokens = new TokenizationViewModel(executor, bus, modelFolders, datasets.selectedRowProperty());
        launcher = new RunLauncher(ws, executor, bus);
        setup = new RunSetupViewModel(ws, executor, bus, launcher, modelFolders);
        monitor = new MonitorViewModel(ws, executor, bus, launcher);
        runs = new RunsViewModel(ws, executor, bus, launcher);
        compare = new CompareViewModel(ws, executor, bus);
        RunSetupViewModel runScreen = setup;
        sweeps = new SweepsViewModel(ws, executor, bus, launcher, runScreen::toConfig,
                () -> runScreen.baseRunProperty().get() == null ? null : runScreen.baseRunProperty().get().id());
        window.register(Page.DATASETS, () -> new DatasetsPage(datasets, tokens));
        window.register(Page.RUN_SETUP, () -> new RunSetupPage(setup));
        window.register(Page.MONITOR, () -> new MonitorPage(monitor));
        window.register(Page.RUNS, () -> new RunsPage(runs));
        window.register(Page.COMPARE, () -> new ComparePage(compare));
        window.register(Page.SWEEPS, () -> new SweepsPage(sweeps));
        window.rebuildAll();
        datasets.reloadDatasets(null);
        if (session.isNew()) {
            EventBus sessionBus = bus;
            executor.execute(SampleDatasetImport.task(session.workspace())
                    .onSuccess(d -> sessionBus.publish(new WorkbenchEvents.DatasetsChanged(d.name())))
                    .onFailure(e -> System.err.println("Could not import the sample dataset: " + e.getMessage())));
        }
    }

    private VBox footer() {
        Button themeToggle = new Button();
        themeToggle.setId("theme-toggle");
        themeToggle.setMaxWidth(Double.MAX_VALUE);
        themeToggle.textProperty().bind(theme.modeProperty().map(m -> m == ThemeMode.LIGHT ? "Dark theme" : "Light theme"));
        themeToggle.setOnAction(e -> theme.toggle());
        workspaceMenu.setId("workspace-menu");
        workspaceMenu.setMaxWidth(Double.MAX_VALUE);
        VBox box = new VBox(6, workspaceMenu, themeToggle);
        box.setAlignment(Pos.BOTTOM_LEFT);
        return box;
    }

    private void rebuildWorkspaceMenu() {
        MenuItem open = new MenuItem("Open workspace…");
        open.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Open or create a workspace");
            File dir = chooser.showDialog(window.getScene().getWindow());
            if (dir != null) {
                switchTo(dir.toPath());
            }
        });
        workspaceMenu.getItems().setAll(open, new SeparatorMenuItem());
        for (Path recent : settings.recentWorkspaces()) {
            MenuItem item = new MenuItem(recent.toString());
            item.setOnAction(e -> switchTo(recent));
            workspaceMenu.getItems().add(item);
        }
    }

    /** Opens (and migrates) the workspace off the FX thread, then shows it; a failure leaves the current one open. */
    private void switchTo(Path dir) {
        try {
            refuseWhileTraining();
        } catch (IllegalStateException e) {
            cannotOpen(dir, e);
            return;
        }
        executor.execute(BackgroundTask.of("Opening workspace " + dir, ctx -> WorkspaceSession.open(dir))
                .onSuccess(this::show)
                .onFailure(e -> cannotOpen(dir, e)));
    }

    private static void cannotOpen(Path dir, Throwable e) {
        Alert alert = new Alert(Alert.AlertType.ERROR, e.getMessage());
        alert.setHeaderText("Cannot open workspace " + dir);
        alert.show();
    }

    private void saveSettings() {
        try {
            settings.save();
        } catch (IOException e) {
            System.err.println("Could not save GUI settings: " + e.getMessage());
        }
    }

    public Parent root() {
        return window;
    }

    public MainWindow window() {
        return window;
    }

    public NavigationViewModel navigation() {
        return navigation;
    }

    public EventBus bus() {
        return bus;
    }

    public ThemeManager theme() {
        return theme;
    }

    public Workspace workspace() {
        return session.workspace();
    }

    public DatasetsViewModel datasets() {
        return datasets;
    }

    public TokenizationViewModel tokens() {
        return tokens;
    }

    /** The model folders chosen lately, kept in the GUI settings. */
    public RecentModelFolders modelFolders() {
        return modelFolders;
    }

    public RunLauncher launcher() {
        return launcher;
    }

    public RunSetupViewModel setup() {
        return setup;
    }

    public MonitorViewModel monitor() {
        return monitor;
    }

    public RunsViewModel runs() {
        return runs;
    }

    public CompareViewModel compare() {
        return compare;
    }

    public SweepsViewModel sweeps() {
        return sweeps;
    }

    @Override
    public void close() {
        if (launcher != null) {
            launcher.cancel();
        }
        if (tokens != null) {
            tokens.close();
        }
        executor.close();
        if (session != null) {
            session.close();
        }
    }
}
