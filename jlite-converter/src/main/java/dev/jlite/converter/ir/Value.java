package dev.jlite.converter.ir;

import dev.jlite.DataType;

/**
 * A tensor of the TensorFlow Lite graph: name, type, static shape, the constant it holds (or null), the operator
 * writing it (null for inputs and constants) and, once quantized, its quantization parameters.
 */
public final class Value {
    private String name;
    private DataType type;
    private int[] shape;
    private Constant constant;
    Op producer;
    private Quantization quantization;

    public Value(String name, DataType type, int[] shape) {
        this.name = name;
        this.type = type;
        this.shape = shape == null ? null : shape.clone();
    }

    /** A constant value. */
    public static Value constant(String name, Constant c) {
        Value v = new Value(name, c.type(), c.shape());
        v.constant = c;
        return v;
    }

    public String name() {
        return name;
    }

    public void rename(String name) {
        this.name = name;
    }

    public DataType type() {
        return type;
    }

    /** The shape (a copy), or null while unknown. */
    public int[] shape() {
        return shape == null ? null : shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return shape[i];
    }

    public void setShape(int[] shape) {
        this.shape = shape == null ? null : shape.clone();
    }

    public boolean isConstant() {
        return constant != null;
    }

    public Constant constant() {
        return constant;
    }

    /** Makes this value a constant (constant folding); it keeps its name. */
    public void setConstant(Constant c) {
        this.constant = c;
        this.type = c.type();
        this.shape = c.shape();
        this.producer = null;
    }

    public Op producer() {
        return producer;
    }

    public Quantization quantization() {
        return quantization;
    }

    public void setQuantization(Quantization q) {
        this.quantization = q;
    }

    @Override
    public String toString() {
        return name + ":" + type + Shapes.format(shape) + (constant != null ? "=const" : "");
    }
}
