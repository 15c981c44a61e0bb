package org.ktoworkbench.app.event;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A minimal publish/subscribe bus so pages learn about each other's changes (a new dataset, a
 * run started) without holding references to each other. Handlers run on the publishing thread;
 * by convention everything is published on the FX thread.
 */
public final class EventBus {
    private final Map<Class<?>, List<Consumer<Object>>> handlers = new ConcurrentHashMap<>();

    /** Subscribes to events of {@code type} (and its subtypes); run the returned action to unsubscribe. */
    public <E> Runnable subscribe(Class<E> type, Consumer<? super E> handler) {
        Consumer<Object> wrapped = event -> handler.accept(type.cast(event));
        List<Consumer<Object>> list = handlers.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>());
        list.add(wrapped);
        return () -> list.remove(wrapped);
    }

    public void publish(Object event) {
        handlers.forEach((type, list) -> {
            if (type.isInstance(event)) {
                list.forEach(h -> h.accept(event));
            }
        });
    }
}
