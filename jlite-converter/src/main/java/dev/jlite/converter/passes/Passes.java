package dev.jlite.converter.passes;

import dev.jlite.converter.Quantize;
import dev.jlite.converter.ir.TflGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The pass pipelines, in the order they run. */
public final class Passes {
    private Passes() {}

    /** Graph optimizations, after lowering. */
    public static List<GraphPass> optimizations() {
        List<GraphPass> p = new ArrayList<>();
        p.add(new TransposeElimination());
        p.add(new MatMulToFullyConnected());
        p.add(new BatchNormFolding());
        p.add(new BiasFusion());
        p.add(new PadFolding());
        p.add(new ActivationFusion());
        p.add(new DeadOpRemoval());
        return p;
    }

    /** Quantization passes for a mode. */
    public static List<GraphPass> quantization(Quantize q, Path representativeData, boolean int8Io,
            List<TflGraph> all, Function<List<TflGraph>, byte[]> writer) {
        return switch (q) {
            case NONE -> List.of();
            case FLOAT16 -> List.of(new dev.jlite.converter.quant.Float16Quantization());
            case DYNAMIC -> List.of(new dev.jlite.converter.quant.DynamicRangeQuantization());
            default -> throw new dev.jlite.converter.ConversionException("quantization " + q + " is not done yet");
        };
    }
}
