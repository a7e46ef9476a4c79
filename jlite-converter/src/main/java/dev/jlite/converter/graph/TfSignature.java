package dev.jlite.converter.graph;

import dev.jlite.DataType;
import java.util.List;

/**
 * A signature to convert: its key, the tensors it feeds (user-facing name, placeholder node, type, shape with -1 for
 * unknown dimensions or null for an unknown rank) and the tensors it fetches (user-facing name, reference).
 */
public record TfSignature(String key, List<Feed> inputs, List<Fetch> outputs) {
    /** A fed tensor. */
    public record Feed(String name, String tensor, DataType type, int[] shape) {}

    /** A fetched tensor. */
    public record Fetch(String name, String tensor) {}
}
