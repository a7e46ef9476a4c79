/** TensorFlow SavedModel / GraphDef to TensorFlow Lite conversion. */
package dev.jlite.converter;
