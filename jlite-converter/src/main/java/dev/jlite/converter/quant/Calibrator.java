package dev.jlite.converter.quant;

import dev.jlite.DataType;
import dev.jlite.converter.ir.Op;
import dev.jlite.converter.ir.TflGraph;
import dev.jlite.converter.ir.Value;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Activation ranges of a float graph, measured by running it in jlite over representative examples: the graph is
 * written with every float activation as an output (as TensorFlow Lite's calibrator does), run once per example, and
 * each tensor's minimum and maximum kept.
 */
public final class Calibrator {
    private Calibrator() {}

    /** {min, max} of every float activation (graph inputs included). */
    public static Map<Value, float[]> calibrate(TflGraph g, List<Object[]> examples) {
        TflGraph probe = new TflGraph(g.signatureKey());
        g.inputs().forEach(probe::addInput);
        List<Value> watched = new ArrayList<>();
        for (Value v : g.inputs().values()) {
            if (v.type() == DataType.FLOAT32) {
                watched.add(v);
            }
        }
        for (Op op : g.ops()) {
            probe.add(op);
            for (Value v : op.outputs()) {
                if (v.type() == DataType.FLOAT32 && !watched.contains(v)) {
                    watched.add(v);
                }
            }
        }
        for (int i = 0; i < watched.size(); i++) {
            probe.addOutput("calibration_" + i, watched.get(i));
        }
        Map<Value, float[]> ranges = new IdentityHashMap<>();
        for (float[][] outs : ErrorMeasure.run(probe, examples)) {
            for (int i = 0; i < watched.size(); i++) {
                float[] r = ranges.computeIfAbsent(watched.get(i),
                        k -> new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
                for (float x : outs[i]) {
                    r[0] = Math.min(r[0], x);
                    r[1] = Math.max(r[1], x);
                }
            }
        }
        return ranges;
    }
}
