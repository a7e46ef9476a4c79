package dev.jlite.kernel;

/** Makes the kernel instance of one node (TensorFlow Lite's init step). */
@FunctionalInterface
public interface KernelFactory {
    Kernel create(Node node);
}
