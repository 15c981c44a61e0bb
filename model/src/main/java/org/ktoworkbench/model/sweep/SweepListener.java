package org.ktoworkbench.model.sweep;

import org.ktoworkbench.model.store.SweepPointInfo;
import org.ktoworkbench.model.train.RunListener;

/** What a running sweep reports: each point as it starts and ends, and every event of the runs it trains. */
public interface SweepListener extends RunListener {
    void onPointStart(SweepPointInfo point, int total);

    void onPointEnd(SweepPointInfo point);

    SweepListener NONE = new SweepListener() {
        @Override
        public void onPointStart(SweepPointInfo point, int total) {}

        @Override
        public void onPointEnd(SweepPointInfo point) {}

        @Override
        public void onEvent(org.ktoworkbench.model.train.RunEvent event) {}
    };
}
