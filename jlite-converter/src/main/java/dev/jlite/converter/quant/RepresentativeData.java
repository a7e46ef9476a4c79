package dev.jlite.converter.quant;

import dev.jlite.converter.ConversionException;
import dev.jlite.converter.ir.Shapes;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Representative inputs from a folder of {@code .npy} files. A model with one input takes every file; a file may
 * hold one example (the input's shape) or several (a leading count). With several inputs, a file belongs to the
 * input whose name starts its file name ({@code image_0.npy}, {@code mask.3.npy}), and the k-th files of the
 * inputs, in name order, form example k.
 */
public final class RepresentativeData {
    private RepresentativeData() {}

    /** Examples for a graph: each an array of flat {@code float[]}/{@code int[]} in the graph's input order. */
    public static List<Object[]> load(Path dir, TflGraph g) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".npy")).sorted().toList();
        } catch (IOException e) {
            throw new ConversionException("cannot list representative data " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new ConversionException("no .npy files in " + dir);
        }
        List<Map.Entry<String, Value>> inputs = new ArrayList<>(g.inputs().entrySet());
        List<List<Object>> perInput = new ArrayList<>();
        for (Map.Entry<String, Value> in : inputs) {
            List<Object> examples = new ArrayList<>();
            int size = Shapes.elements(in.getValue().shape());
            for (Path f : files) {
                String name = f.getFileName().toString();
                boolean mine = inputs.size() == 1 || name.startsWith(in.getKey() + "_")
                        || name.startsWith(in.getKey() + ".");
                if (!mine) {
                    continue;
                }
                NpyReader.Array a = NpyReader.read(f);
                int n = java.lang.reflect.Array.getLength(a.data());
                if (n == 0 || n % size != 0) {
                    throw new ConversionException(f + ": shape " + Arrays.toString(a.shape()) + " is not a whole "
                            + "number of examples of input '" + in.getKey() + "' " + Arrays.toString(
                                    in.getValue().shape()));
                }
                for (int k = 0; k < n / size; k++) {
                    examples.add(slice(a.data(), k * size, size, in.getValue().type()));
                }
            }
            if (examples.isEmpty()) {
                throw new ConversionException("no representative data for input '" + in.getKey() + "' in " + dir);
            }
            perInput.add(examples);
        }
        int count = perInput.stream().mapToInt(List::size).min().orElse(0);
        List<Object[]> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Object[] ex = new Object[inputs.size()];
            for (int i = 0; i < ex.length; i++) {
                ex[i] = perInput.get(i).get(k);
            }
            out.add(ex);
        }
        return out;
    }

    private static Object slice(Object data, int from, int size, dev.jlite.DataType type) {
        if (type == dev.jlite.DataType.FLOAT32) {
            if (data instanceof float[] f) {
                return Arrays.copyOfRange(f, from, from + size);
            }
            int[] a = (int[]) data;
            float[] r = new float[size];
            for (int i = 0; i < size; i++) {
                r[i] = a[from + i];
            }
            return r;
        }
        if (data instanceof int[] a) {
            return Arrays.copyOfRange(a, from, from + size);
        }
        throw new ConversionException("float data for an input of type " + type);
    }
}
