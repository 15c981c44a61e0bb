package org.ktoworkbench.app.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.app.concurrent.DirectTaskExecutor;
import org.ktoworkbench.app.event.EventBus;
import org.ktoworkbench.app.event.WorkbenchEvents;
import org.ktoworkbench.app.modelfolder.RecentModelFolders;
import org.ktoworkbench.app.run.RunLauncher;
import org.ktoworkbench.app.settings.AppSettings;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.sample.SampleWorkspace;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.ModelCard;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigJson;

/** The run screen's model choice over a real workspace and real checkpoint folders (tiny, random, hand-made tokenizer). */
class RunSetupModelFolderTest {
    @TempDir
    Path dir;
    private Workspace workspace;
    private RunSetupViewModel vm;
    private EventBus bus;
    private RecentModelFolders recent;

    @BeforeEach
    void open() throws Exception {
        workspace = Workspace.open(dir.resolve("ws"));
        SampleWorkspace.ensureSampleDataset(workspace);
        DirectTaskExecutor executor = new DirectTaskExecutor();
        bus = new EventBus();
        recent = new RecentModelFolders(AppSettings.load(dir.resolve("settings.json")), () -> { }, executor);
        vm = new RunSetupViewModel(workspace, executor, bus, new RunLauncher(workspace, executor, bus), recent);
        vm.reloadDatasets();
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    private Path qwen(String name) throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.qwen2();
        Path folder = TinyCheckpoints.write(dir.resolve(name), spec, "BF16", false);
        return TinyCheckpoints.writeTokenizer(folder, spec, TinyCheckpoints.CHAT_TEMPLATE);
    }

    @Test
    void aChosenFolderTakesThePretrainedDefaultsAndReachesTheConfigAndBackToBuiltIn() throws Exception {
        Path folder = qwen("qwen");
        Path[] published = new Path[1];
        bus.subscribe(WorkbenchEvents.ModelFolderChosen.class, e -> published[0] = e.folder());
        vm.chooseFolder(folder);

        RunConfig config = vm.toConfig();
        assertNotNull(config, vm.problems().toString());
        RunConfig pretrained = RunConfig.pretrainedDefaults(folder);
        assertEquals(pretrained.model().folder(), config.model().folder());
        assertEquals(pretrained.sftSteps(), config.sftSteps());
        assertEquals(pretrained.learningRate(), config.learningRate());
        assertEquals(pretrained.warmupFraction(), config.warmupFraction());
        assertEquals(pretrained.batchSize(), config.batchSize());
        assertEquals(pretrained.evalPrompts(), config.evalPrompts());
        assertEquals(folder.toAbsolutePath().normalize(), published[0], "the datasets page hears of the choice");
        assertEquals(folder.toAbsolutePath().normalize(), recent.entries().get(0).folder());

        ModelCard card = vm.modelCard().cardProperty().get();
        assertNotNull(card, vm.modelCard().errorProperty().get());
        assertEquals("Qwen2ForCausalLM (Hugging Face)", card.lines().get(0).value());
        assertEquals(8, card.batch());
        assertEquals(40, card.tokens(), "the default max length, capped at the context (40)");
        vm.maxLength().textProperty().set("16");
        vm.batchSize().set(4);
        assertEquals(16, vm.modelCard().cardProperty().get().tokens());
        assertEquals(4, vm.modelCard().cardProperty().get().batch());
        assertEquals(16, vm.toConfig().maxLength());
        vm.maxLength().textProperty().set("");
        assertEquals(0, vm.toConfig().maxLength(), "an empty max length is the default");

        // a saved config with the folder comes back with it; a built-in one without
        Path saved = dir.resolve("run.json");
        RunConfigJson.write(vm.toConfig(), saved);
        vm.useBuiltIn();
        RunConfig builtIn = vm.toConfig();
        assertNull(builtIn.model().folder());
        assertNull(vm.modelCard().cardProperty().get());
        assertEquals(RunConfig.defaults().sftSteps(), builtIn.sftSteps());
        assertEquals(RunConfig.defaults().learningRate(), builtIn.learningRate());
        assertEquals(RunConfig.defaults().warmupFraction(), builtIn.warmupFraction());
        assertEquals(RunConfig.defaults().evalPrompts(), builtIn.evalPrompts());
        vm.load(saved);
        assertEquals(folder.toAbsolutePath().normalize(), vm.modelFolderProperty().get());
        assertEquals(pretrained.model().folder(), vm.toConfig().model().folder());
        vm.apply(RunConfig.defaults());
        assertNull(vm.modelFolderProperty().get());
        assertNull(vm.toConfig().model().folder(), "a loaded folder does not linger in the next built-in config");
    }

    @Test
    void aBrokenFolderIsAProblemNamingTheFileAndAMissingRecentOneIsRefused() throws Exception {
        Path broken = qwen("broken");
        Files.writeString(broken.resolve("config.json"), "{\"architectures\": [\"Qwen2ForCausalLM\"],");
        vm.chooseFolder(broken);
        assertNull(vm.toConfig());
        assertTrue(vm.problems().stream().anyMatch(p -> p.startsWith("Model folder: " + broken.toAbsolutePath()
                .normalize().resolve("config.json"))), vm.problems().toString());

        Path gone = qwen("gone");
        recent.remember(gone);
        Files.walk(gone).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        recent.refresh();
        RecentModelFolders.Entry missing = recent.entries().stream().filter(e -> e.folder().equals(gone.toAbsolutePath()
                .normalize())).findFirst().orElseThrow();
        assertFalse(missing.exists());
        vm.chooseRecent(missing);
        assertEquals(broken.toAbsolutePath().normalize(), vm.modelFolderProperty().get(), "the choice stays");
        assertTrue(vm.messageProperty().get().contains("no such model folder"), vm.messageProperty().get());
    }
}
