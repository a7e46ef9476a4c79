package dev.jlite.converter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a conversion did: per signature, each pass's effect, and the resulting operators and sizes. */
public final class ConversionReport {
    /** One pass over one signature's graph. */
    public record PassRecord(String signature, String pass, int nodesBefore, int nodesAfter, int rewrites,
            long bytesBefore, long bytesAfter, double millis) {}

    /** Error of one output of the converted model against the float model. */
    public record OutputError(String signature, String output, double maxAbsError, double range) {}

    final List<PassRecord> passes = new ArrayList<>();
    final Map<String, Map<String, Integer>> opCounts = new LinkedHashMap<>();
    final List<OutputError> errors = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    long modelBytes;

    public List<PassRecord> passes() {
        return passes;
    }

    /** Operator counts per signature after conversion. */
    public Map<String, Map<String, Integer>> opCounts() {
        return opCounts;
    }

    public List<OutputError> errors() {
        return errors;
    }

    public List<String> notes() {
        return notes;
    }

    public long modelBytes() {
        return modelBytes;
    }

    /** The report as text, one line per pass. */
    public String format() {
        StringBuilder b = new StringBuilder();
        for (String n : notes) {
            b.append(n).append('\n');
        }
        String sig = null;
        for (PassRecord p : passes) {
            if (!p.signature().equals(sig)) {
                sig = p.signature();
                b.append("signature '").append(sig).append("'\n");
            }
            b.append(String.format("  %-28s nodes %5d -> %5d  rewrites %4d  bytes %10d -> %10d  %7.1f ms%n",
                    p.pass(), p.nodesBefore(), p.nodesAfter(), p.rewrites(), p.bytesBefore(), p.bytesAfter(),
                    p.millis()));
        }
        opCounts.forEach((s, counts) -> {
            b.append("operators of '").append(s).append("':");
            counts.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            b.append('\n');
        });
        for (OutputError e : errors) {
            b.append(String.format("error of '%s' output '%s': max |diff| %.3g over range %.3g (%.3g%%)%n",
                    e.signature(), e.output(), e.maxAbsError(), e.range(),
                    e.range() > 0 ? 100 * e.maxAbsError() / e.range() : 0));
        }
        b.append("model size ").append(modelBytes).append(" bytes\n");
        return b.toString();
    }
}
