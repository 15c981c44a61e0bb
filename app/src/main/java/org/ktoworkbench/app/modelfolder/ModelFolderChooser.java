package org.ktoworkbench.app.modelfolder;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/** The dialog that picks a model folder (a Hugging Face checkpoint or a folder the built-in GPT saved). */
public final class ModelFolderChooser {
    private ModelFolderChooser() {
    }

    /** The folder the user picked, starting beside {@code near} when it is set; empty when cancelled. */
    public static Optional<Path> show(Window owner, Path near) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Choose a model folder (config.json, *.safetensors, tokenizer.json)");
        if (near != null && near.getParent() != null && Files.isDirectory(near.getParent())) {
            chooser.setInitialDirectory(near.getParent().toFile());
        }
        File dir = chooser.showDialog(owner);
        return Optional.ofNullable(dir).map(File::toPath);
    }
}
