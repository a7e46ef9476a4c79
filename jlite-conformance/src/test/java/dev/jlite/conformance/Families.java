package dev.jlite.conformance;

import java.util.ArrayList;
import java.util.List;

/** Every case generator of the differential suite, one family class per group of operators. */
final class Families {
    private Families() {}

    static List<OpCases> all() {
        List<OpCases> all = new ArrayList<>();
        all.addAll(ArithmeticCases.all());
        all.addAll(ActivationCases.all());
        all.addAll(UnaryCases.all());
        all.addAll(BinaryMathCases.all());
        all.addAll(ComparisonCases.all());
        all.addAll(SelectCases.all());
        all.addAll(CastCases.all());
        all.addAll(FillCases.all());
        all.addAll(QuantizedMathCases.all());
        all.addAll(ShapeCases.all());
        all.addAll(SliceCases.all());
        all.addAll(IndexCases.all());
        all.addAll(ResizeCases.all());
        all.addAll(QuantizedConvCases.all());
        all.addAll(ControlFlowCases.all());
        all.addAll(ConvCases.all());
        all.addAll(PoolCases.all());
        all.addAll(ReduceCases.all());
        all.addAll(NormalizationCases.all());
        all.addAll(MatMulCases.all());
        all.addAll(DensifyCases.all());
        all.addAll(DetectionCases.all());
        all.addAll(QuantizedElementwiseCases.all());
        all.addAll(QuantizedPoolCases.all());
        all.addAll(QuantizedReduceCases.all());
        all.addAll(QuantizedActivationCases.all());
        all.addAll(QuantizedShapeCases.all());
        all.addAll(HybridCases.all());
        all.addAll(LstmCases.all());
        return all;
    }
}
