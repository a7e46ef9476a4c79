#!/usr/bin/env python3
"""Writes out VectorDepthwise's whole-window block kernels (Java source on stdout).

Each argument KxSxP names one kernel: a KxK filter at stride S over P output pixels, e.g.
    scripts/gen-depthwise-blocks.py 3x1x4 3x2x4
gives the kernels in jlite-ops/.../conv/VectorDepthwise.java. The Vector API has no arrays of registers, so the
P accumulators and the input columns that neighbouring pixels share are written out by hand; this script is that
hand. Per filter row, input column i feeds pixel j through weight k when i = j*S + k; FMAs are emitted in column
order, so each pixel sums its taps in tap-list order (bit for bit the order of the other depthwise kernels). The
kernels store raw sums: VectorDepthwise.depthwise applies the fused activation afterwards.
"""
import sys


def block(K, S, P):
    """Whole KxK windows at stride S over P pixels, all channels in one loop."""
    R = K
    name = f"block{P}k{K}s{S}"
    n_in = (P - 1) * S + K
    L = []
    L.append(f"    /** {P} pixels whose windows hold all {K} rows of a {K}x{K} filter, stride {S}: see {{@link #depthwise}}. */")
    L.append(f"    private static void {name}(DepthwiseFilter f, float[] in, int a, int[] tapIn, int[] tapW, float[] out,")
    L.append(f"            int o) {{")
    L.append(f"        float[] w = f.weights;")
    L.append(f"        float[] bias = f.bias;")
    L.append(f"        int d = f.channels;")
    for r in range(R):
        L.append(f"        int p{r} = a + tapIn[{K * r}];")
        L.append(f"        int q{r} = f.base + tapW[{K * r}];")
    L.append(f"        int end = d - d % V;")
    L.append(f"        int c = 0;")
    L.append(f"        boolean tail = false;")
    L.append(f"        while (true) {{")
    L.append(f"            for (; c < end; c += V) {{")
    L.append(f"                FloatVector c0 = FloatVector.fromArray(S, bias, c);")
    if P > 1:
        L.append("                FloatVector " + ", ".join(f"c{j} = c0" for j in range(1, P)) + ";")
    for r in range(R):
        for k in range(K):
            off = f"q{r} + c" if k == 0 else (f"q{r} + d + c" if k == 1 else f"q{r} + {k} * d + c")
            L.append(f"                FloatVector w{k} = FloatVector.fromArray(S, w, {off});" if r == 0 else f"                w{k} = FloatVector.fromArray(S, w, {off});")
        for i in range(n_in):
            off = f"p{r} + c" if i == 0 else (f"p{r} + d + c" if i == 1 else f"p{r} + {i} * d + c")
            decl = "FloatVector " if r == 0 else ""
            L.append(f"                {decl}x{i} = FloatVector.fromArray(S, in, {off});")
            for k in range(K):
                if (i - k) % S == 0:
                    j = (i - k) // S
                    if 0 <= j < P:
                        L.append(f"                c{j} = x{i}.fma(w{k}, c{j});")
    for j in range(P):
        off = "o + c" if j == 0 else ("o + d + c" if j == 1 else f"o + {j} * d + c")
        L.append(f"                c{j}.intoArray(out, {off});")
    L.append("            }")
    L.append("            if (tail || end == d) {")
    L.append("                return;")
    L.append("            }")
    L.append("            // The last channels: one vector ending at the last channel, recomputing a few bit for bit.")
    L.append("            tail = true;")
    L.append("            c = d - V;")
    L.append("            end = d;")
    L.append("        }")
    L.append("    }")
    return "\n".join(L)

if __name__ == "__main__":
    for spec in sys.argv[1:]:
        K, S, P = map(int, spec.split("x"))
        print(block(K, S, P))
        print()
