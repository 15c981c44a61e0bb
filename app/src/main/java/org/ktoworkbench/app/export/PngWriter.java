package org.ktoworkbench.app.export;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** Writes a node or a whole scene as a PNG file. Must be called on the FX thread. */
public final class PngWriter {
    private PngWriter() {
    }

    public static void write(Node node, Path file) throws IOException {
        SnapshotParameters params = new SnapshotParameters();
        write(node.snapshot(params, null), file);
    }

    public static void write(Scene scene, Path file) throws IOException {
        write(scene.snapshot(null), file);
    }

    private static void write(WritableImage image, Path file) throws IOException {
        BufferedImage buffered = SwingFXUtils.fromFXImage(image, null);
        // PNG has no use for alpha here and some viewers show it as black
        BufferedImage rgb = new BufferedImage(buffered.getWidth(), buffered.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(buffered, 0, 0, null);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(rgb, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }
}
