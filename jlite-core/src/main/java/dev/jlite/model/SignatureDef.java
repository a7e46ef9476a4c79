package dev.jlite.model;

import java.util.Map;

/**
 * A named entry point of a model: which subgraph runs, and the user-facing names of its inputs and outputs
 * mapped to tensor indices of that subgraph (in the order the file lists them).
 */
public record SignatureDef(String key, int subgraphIndex, Map<String, Integer> inputs, Map<String, Integer> outputs) {
    public SignatureDef {
        inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    }
}
