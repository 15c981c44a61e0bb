package org.ktoworkbench.model.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The embedded sample datasets, shipped on the classpath under {@code sample-data/} (the build copies
 * the repository's {@code sample-data/*.jsonl} there).
 */
public final class SampleData {
    /** The built-in task's unpaired KTO dataset; judge it with {@code Judges.byName(SampleData.JUDGE)}. */
    public static final String ARITHMETIC = SampleDataGenerator.ARITHMETIC_FILE;
    public static final String CONVERSATIONAL = SampleDataGenerator.CONVERSATIONAL_FILE;
    public static final String PAIRED = SampleDataGenerator.PAIRED_FILE;
    /** The built-in task's preference pairs, one per prompt of {@link #ARITHMETIC} that has both labels. */
    public static final String ARITHMETIC_PAIRS = SampleDataGenerator.ARITHMETIC_PAIRS_FILE;
    /** Name of the exact judge that labels the sample task's completions. */
    public static final String JUDGE = DigitIncrementTask.NAME;

    private static final String RESOURCE_FOLDER = "sample-data/";

    private SampleData() {
    }

    /** Opens an embedded file by name, e.g. {@link #ARITHMETIC}. */
    public static InputStream open(String fileName) {
        InputStream in = SampleData.class.getClassLoader().getResourceAsStream(RESOURCE_FOLDER + fileName);
        if (in == null) {
            throw new IllegalArgumentException("no embedded sample file '" + fileName + "' (looked for classpath resource "
                    + RESOURCE_FOLDER + fileName + ")");
        }
        return in;
    }

    /** Copies an embedded file to {@code target}, for readers that take a path. */
    public static Path copyTo(String fileName, Path target) {
        try (InputStream in = open(fileName)) {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy sample file " + fileName + " to " + target, e);
        }
    }
}
