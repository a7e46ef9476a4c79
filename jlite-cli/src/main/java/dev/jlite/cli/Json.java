package dev.jlite.cli;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON from maps (in their iteration order), collections, int and long arrays, strings, numbers, booleans
 * and nulls. Doubles are rounded to microseconds' worth of milliseconds (3 decimals) unless larger precision is
 * needed to keep a small value non-zero; NaN and infinities become {@code null}.
 */
final class Json {
    private final StringBuilder out = new StringBuilder();
    private final boolean pretty;

    private Json(boolean pretty) {
        this.pretty = pretty;
    }

    /** Compact, on one line. */
    static String compact(Object value) {
        Json j = new Json(false);
        j.value(value, 0);
        return j.out.toString();
    }

    /** Indented by two spaces; arrays of plain values stay on one line. */
    static String pretty(Object value) {
        Json j = new Json(true);
        j.value(value, 0);
        return j.out.toString();
    }

    private void value(Object v, int depth) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            string(s);
        } else if (v instanceof Double || v instanceof Float) {
            number(((Number) v).doubleValue());
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof Map<?, ?> m) {
            object(m, depth);
        } else if (v instanceof int[] a) {
            out.append('[');
            for (int i = 0; i < a.length; i++) {
                out.append(i > 0 ? (pretty ? ", " : ",") : "").append(a[i]);
            }
            out.append(']');
        } else if (v instanceof long[] a) {
            out.append('[');
            for (int i = 0; i < a.length; i++) {
                out.append(i > 0 ? (pretty ? ", " : ",") : "").append(a[i]);
            }
            out.append(']');
        } else if (v instanceof Collection<?> c) {
            array(c, depth);
        } else {
            string(v.toString());
        }
    }

    private void object(Map<?, ?> m, int depth) {
        if (m.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<?, ?> e = it.next();
            newline(depth + 1);
            string(String.valueOf(e.getKey()));
            out.append(pretty ? ": " : ":");
            value(e.getValue(), depth + 1);
            if (it.hasNext()) {
                out.append(',');
            }
        }
        newline(depth);
        out.append('}');
    }

    private void array(Collection<?> c, int depth) {
        boolean flat = c.stream().noneMatch(x -> x instanceof Map || x instanceof Collection);
        out.append('[');
        Iterator<?> it = c.iterator();
        while (it.hasNext()) {
            if (!flat) {
                newline(depth + 1);
            }
            value(it.next(), depth + 1);
            if (it.hasNext()) {
                out.append(',');
                if (flat && pretty) {
                    out.append(' ');
                }
            }
        }
        if (!flat && !c.isEmpty()) {
            newline(depth);
        }
        out.append(']');
    }

    private void newline(int depth) {
        if (pretty) {
            out.append('\n').append("  ".repeat(depth));
        }
    }

    private void number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            out.append("null");
            return;
        }
        double rounded = Math.round(d * 1000.0) / 1000.0;
        if (rounded == 0 && d != 0) {
            out.append(d);
        } else if (rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15) {
            out.append((long) rounded).append(".0");
        } else {
            out.append(rounded);
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
