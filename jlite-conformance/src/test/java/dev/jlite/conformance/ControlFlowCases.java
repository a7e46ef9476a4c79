package dev.jlite.conformance;

import static dev.jlite.DataType.BOOL;
import static dev.jlite.DataType.FLOAT32;
import static dev.jlite.DataType.INT32;

import dev.jlite.kernel.BuiltinOperator;
import dev.jlite.writer.BuiltinOptions;
import dev.jlite.writer.FusedActivation;
import dev.jlite.writer.SubgraphBuilder;
import java.util.List;

/** IF and WHILE: models of several subgraphs, with branches and loop bodies that keep or change shapes. */
final class ControlFlowCases {
    private static final int IF_OPTIONS = 92;
    private static final int WHILE_OPTIONS = 93;

    private ControlFlowCases() {}

    static List<OpCases> all() {
        return List.of(
                new OpCases("IF", BOOL, ControlFlowCases::ifCase),
                new OpCases("WHILE", INT32, r -> whileCase(r, true)),
                new OpCases("WHILE", FLOAT32, r -> whileCase(r, false)));
    }

    private static BuiltinOptions ifOptions(int thenIndex, int elseIndex) {
        return BuiltinOptions.raw(IF_OPTIONS, fbb -> {
            fbb.startTable(2);
            fbb.addInt(0, thenIndex, 0);
            fbb.addInt(1, elseIndex, 0);
            return fbb.endTable();
        });
    }

    private static BuiltinOptions whileOptions(int condIndex, int bodyIndex) {
        return BuiltinOptions.raw(WHILE_OPTIONS, fbb -> {
            fbb.startTable(2);
            fbb.addInt(0, condIndex, 0);
            fbb.addInt(1, bodyIndex, 0);
            return fbb.endTable();
        });
    }

    /**
     * IF over two float operands: one branch adds, the other subtracts or multiplies; in one case in four the
     * else-branch concatenates instead, so the output's shape depends on the condition.
     */
    private static DiffCase ifCase(CaseRandom r) {
        int[] shape = r.shape(r.between(1, 3), 5);
        boolean concatBranch = r.chance(0.25);
        BuiltinOperator elseOp = r.pick(BuiltinOperator.SUB, BuiltinOperator.MUL);
        OpModel m = new OpModel(BuiltinOperator.IF).noDefaultOperator();
        SubgraphBuilder main = m.graph();
        int[] condShape = r.chance(0.5) ? new int[0] : new int[] {1};
        int cond = main.input("cond", BOOL, condShape);
        int x = main.input("x", FLOAT32, shape);
        int y = main.input("y", FLOAT32, shape);
        int out = main.tensor("out", FLOAT32, shape);
        main.output(out);

        SubgraphBuilder then = m.model().subgraph("then");
        int ta = then.input("a", FLOAT32, shape);
        int tb = then.input("b", FLOAT32, shape);
        int tOut = then.tensor("sum", FLOAT32, shape);
        then.operator(BuiltinOperator.ADD, new int[] {ta, tb}, new int[] {tOut}, BuiltinOptions.add(FusedActivation.NONE));
        then.output(tOut);

        SubgraphBuilder otherwise = m.model().subgraph("else");
        int ea = otherwise.input("a", FLOAT32, shape);
        int eb = otherwise.input("b", FLOAT32, shape);
        int eOut = otherwise.tensor("other", FLOAT32, shape);
        if (concatBranch) {
            otherwise.operator(BuiltinOperator.CONCATENATION, new int[] {ea, eb}, new int[] {eOut},
                    BuiltinOptions.concatenation(0, FusedActivation.NONE));
        } else if (elseOp == BuiltinOperator.SUB) {
            otherwise.operator(elseOp, new int[] {ea, eb}, new int[] {eOut}, BuiltinOptions.sub(FusedActivation.NONE));
        } else {
            otherwise.operator(elseOp, new int[] {ea, eb}, new int[] {eOut}, BuiltinOptions.mul(FusedActivation.NONE));
        }
        otherwise.output(eOut);
        main.operator(BuiltinOperator.IF, new int[] {cond, x, y}, new int[] {out}, ifOptions(then.index(),
                otherwise.index()));

        boolean[] c = {r.chance(0.5)};
        int n = CaseRandom.size(shape);
        String what = "IF cond=" + c[0] + " " + Shapes.str(shape) + " then ADD else "
                + (concatBranch ? "CONCATENATION" : elseOp.name());
        return new DiffCase(what, m, Tolerance.FLOAT, c, r.floats(n, -2, 2), r.floats(n, -2, 2));
    }

    /**
     * WHILE over a counter and a float tensor: while counter < limit, counter + 1 and x * a + b; in one case in
     * four the body also appends a row to x, so its shape grows every iteration. The loop variables come in either
     * order (the first one's type is the operator's registered type).
     */
    private static DiffCase whileCase(CaseRandom r, boolean counterFirst) {
        int[] shape = r.shape(r.between(1, 3), 4);
        boolean grow = r.chance(0.25);
        int start = r.between(-2, 3);
        int limit = r.between(-1, 6);
        int[] scalar = {};
        OpModel m = new OpModel(BuiltinOperator.WHILE).noDefaultOperator();
        SubgraphBuilder main = m.graph();
        int[] in = loopVariables(main, "", shape, counterFirst, true);
        int[] out = loopVariables(main, "_final", shape, counterFirst, false);

        SubgraphBuilder cond = m.model().subgraph("cond");
        int[] c = loopVariables(cond, "", shape, counterFirst, true);
        int cLimit = cond.constant("limit", INT32, scalar, new int[] {limit});
        int verdict = cond.tensor("verdict", BOOL, scalar);
        cond.operator(BuiltinOperator.LESS, new int[] {c[0], cLimit}, new int[] {verdict}, null);
        cond.output(verdict);

        SubgraphBuilder body = m.model().subgraph("body");
        int[] v = loopVariables(body, "", shape, counterFirst, true);
        int one = body.constant("one", INT32, scalar, new int[] {1});
        int next = body.tensor("i_next", INT32, scalar);
        body.operator(BuiltinOperator.ADD, new int[] {v[0], one}, new int[] {next},
                BuiltinOptions.add(FusedActivation.NONE));
        float a = r.uniform(0.5f, 1.2f);
        float b = r.uniform(-1, 1);
        int ca = body.constant("a", FLOAT32, scalar, new float[] {a});
        int cb = body.constant("b", FLOAT32, scalar, new float[] {b});
        int scaled = body.tensor("scaled", FLOAT32, shape);
        body.operator(BuiltinOperator.MUL, new int[] {v[1], ca}, new int[] {scaled},
                BuiltinOptions.mul(FusedActivation.NONE));
        int nextX = body.tensor("shifted", FLOAT32, shape);
        body.operator(BuiltinOperator.ADD, new int[] {scaled, cb}, new int[] {nextX},
                BuiltinOptions.add(FusedActivation.NONE));
        if (grow) {
            int[] rowShape = shape.clone();
            rowShape[0] = 1;
            int row = body.constant("row", FLOAT32, rowShape, r.floats(CaseRandom.size(rowShape), -1, 1));
            int grown = body.tensor("grown", FLOAT32, shape);
            body.operator(BuiltinOperator.CONCATENATION, new int[] {nextX, row}, new int[] {grown},
                    BuiltinOptions.concatenation(0, FusedActivation.NONE));
            nextX = grown;
        }
        int[] loopIn = counterFirst ? new int[] {in[0], in[1]} : new int[] {in[1], in[0]};
        int[] loopOut = counterFirst ? new int[] {out[0], out[1]} : new int[] {out[1], out[0]};
        int[] bodyOut = counterFirst ? new int[] {next, nextX} : new int[] {nextX, next};
        body.output(bodyOut[0]).output(bodyOut[1]);
        main.operator(BuiltinOperator.WHILE, loopIn, loopOut, whileOptions(cond.index(), body.index()));
        main.output(loopOut[0]).output(loopOut[1]);

        float[] x0 = r.floats(CaseRandom.size(shape), -2, 2);
        int[] i0 = {start};
        String what = "WHILE i=" + start + " < " + limit + " x" + Shapes.str(shape) + " -> x*" + a + "+" + b
                + (grow ? " and append a row" : "") + (counterFirst ? " (counter first)" : " (x first)");
        return counterFirst ? new DiffCase(what, m, Tolerance.FLOAT, i0, x0)
                : new DiffCase(what, m, Tolerance.FLOAT, x0, i0);
    }

    /**
     * Declares the loop variables of a subgraph in loop order; returns {counter, x} whatever the order. Inputs
     * become subgraph inputs; outputs are plain tensors.
     */
    private static int[] loopVariables(SubgraphBuilder g, String suffix, int[] shape, boolean counterFirst,
            boolean inputs) {
        int[] ix = new int[2];
        for (int k = 0; k < 2; k++) {
            boolean counter = (k == 0) == counterFirst;
            String name = (counter ? "i" : "x") + suffix;
            int t = inputs ? g.input(name, counter ? INT32 : FLOAT32, counter ? new int[0] : shape)
                    : g.tensor(name, counter ? INT32 : FLOAT32, counter ? new int[0] : shape);
            ix[counter ? 0 : 1] = t;
        }
        return ix;
    }
}
