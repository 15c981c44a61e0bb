package org.ktoworkbench.model.nn;

import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Turns autograd recording off on the test thread after each test (a GradientCollector leaves it on when it throws). */
public final class GradModeOff implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        JniUtils.setGradMode(false);
    }
}
