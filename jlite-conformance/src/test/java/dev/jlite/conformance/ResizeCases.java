package dev.jlite.conformance;

import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT32;

import dev.jlite.DataType;
import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * RESIZE_BILINEAR (FLOAT32) and RESIZE_NEAREST_NEIGHBOR over up- and downscaling with align_corners and
 * half_pixel_centers; the size is a constant or a model input.
 */
final class ResizeCases {
    private ResizeCases() {}

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        all.add(new OpCases("RESIZE_BILINEAR", FLOAT32, r -> resize(r, FLOAT32, true)));
        for (DataType t : MovementTypes.RESIZE_NEAREST_NEIGHBOR) {
            all.add(new OpCases("RESIZE_NEAREST_NEIGHBOR", t, r -> resize(r, t, false)));
        }
        return all;
    }

    private static DiffCase resize(CaseRandom r, DataType type, boolean bilinear) {
        int[] in = {r.between(1, 2), r.between(1, 6), r.between(1, 6), r.between(1, 4)};
        int[] size = {r.between(1, 9), r.between(1, 9)};
        int mode = r.between(0, 2);
        boolean alignCorners = mode == 1;
        boolean halfPixel = mode == 2;
        boolean constant = r.chance(0.6);
        OpModel m = new OpModel(bilinear ? BuiltinOperator.RESIZE_BILINEAR : BuiltinOperator.RESIZE_NEAREST_NEIGHBOR);
        List<Object> feeds = new ArrayList<>();
        int input = Movable.dataInput(m, feeds, false, type, in, Movable.values(r, type, CaseRandom.size(in)));
        Movable.indexInput(m, feeds, constant, INT32, new int[] {2}, size);
        m.options(bilinear ? BuiltinOptions.resizeBilinear(alignCorners, halfPixel)
                : BuiltinOptions.resizeNearestNeighbor(alignCorners, halfPixel));
        int out = m.output(type);
        Movable.sameQuantization(r, m, type, input, out);
        return new DiffCase((bilinear ? "RESIZE_BILINEAR " : "RESIZE_NEAREST_NEIGHBOR ") + type + " "
                + Shapes.str(in) + " -> " + Shapes.str(size) + (alignCorners ? " align_corners" : "")
                + (halfPixel ? " half_pixel_centers" : "") + (constant ? " const" : " input"), m,
                bilinear ? Tolerance.FLOAT : Tolerance.EXACT, feeds.toArray());
    }
}
