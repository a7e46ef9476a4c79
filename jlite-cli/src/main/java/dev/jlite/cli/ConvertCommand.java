package dev.jlite.cli;

import dev.jlite.converter.ConversionException;
import dev.jlite.converter.Converter;
import dev.jlite.converter.Quantize;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jlite convert}: a TensorFlow SavedModel or frozen GraphDef to a .tflite file. */
@Command(name = "convert", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Converts a TensorFlow SavedModel directory (TF1 graphs or TF2 tf.function exports) or a "
                + "frozen GraphDef (.pb, with --inputs and --outputs) to a TensorFlow Lite model. Each signature "
                + "becomes a signature def with its input and output names. Ops without a TensorFlow Lite mapping "
                + "are all listed, and nothing is written."})
final class ConvertCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "A SavedModel directory or a frozen GraphDef (.pb).")
    private Path source;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.tflite", description = "The file to write.")
    private Path output;

    @Option(names = "--signature", paramLabel = "KEY", description = "A signature to convert (repeatable; the first "
            + "is the primary subgraph). Default: serving_default, or every signature when there is none.")
    private List<String> signatures = new ArrayList<>();

    @Option(names = "--input-shape", paramLabel = "NAME=D1,D2,...", description = "Fixes an input's shape "
            + "(repeatable), e.g. image=1,224,224,3. Unknown dimensions otherwise become 1.")
    private List<String> inputShapes = new ArrayList<>();

    @Option(names = "--inputs", split = ",", paramLabel = "NODE", description = "GraphDef only: the input "
            + "placeholders.")
    private List<String> inputs = new ArrayList<>();

    @Option(names = "--outputs", split = ",", paramLabel = "TENSOR", description = "GraphDef only: the output "
            + "tensors (node or node:port).")
    private List<String> outputs = new ArrayList<>();

    @Option(names = "--quantize", paramLabel = "MODE", defaultValue = "none", description = "none, float16 "
            + "(FLOAT16 weights behind DEQUANTIZE), dynamic (int8 weights, float activations) or int8 (full "
            + "integer, needs --representative-data). Default: ${DEFAULT-VALUE}.")
    private String quantize;

    @Option(names = "--representative-data", paramLabel = "DIR", description = "A folder of .npy inputs: "
            + "calibration for int8, and the report's error figures. With one input every file is used (one example, "
            + "or several along a leading dimension); with several, a file belongs to the input its name starts with "
            + "(image_0.npy, mask_0.npy).")
    private Path representativeData;

    @Option(names = "--inference-type", paramLabel = "TYPE", defaultValue = "float", description = "With "
            + "--quantize int8: float (QUANTIZE/DEQUANTIZE at the model's edges) or int8 (int8 inputs and "
            + "outputs). Default: ${DEFAULT-VALUE}.")
    private String inferenceType;

    @Option(names = "--report", description = "Print what each pass did, operator counts and sizes.")
    private boolean report;

    @Override
    public Integer call() {
        Converter c;
        if (Files.isDirectory(source)) {
            if (!inputs.isEmpty() || !outputs.isEmpty()) {
                throw CliException.usage("--inputs and --outputs are for GraphDef files; a SavedModel has signatures");
            }
            c = Converter.fromSavedModel(source);
        } else if (Files.isRegularFile(source)) {
            if (inputs.isEmpty() || outputs.isEmpty()) {
                throw CliException.usage("a GraphDef needs --inputs and --outputs");
            }
            c = Converter.fromGraphDef(source, inputs, outputs);
        } else {
            throw CliException.usage("no such SavedModel directory or GraphDef file: " + source);
        }
        c.signatures(signatures.toArray(String[]::new));
        for (String s : inputShapes) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw CliException.usage("--input-shape wants NAME=D1,D2,..., got '" + s + "'");
            }
            try {
                String dims = s.substring(eq + 1).trim();
                int[] shape = dims.isEmpty() ? new int[0]
                        : java.util.Arrays.stream(dims.split(",")).mapToInt(d -> Integer.parseInt(d.trim())).toArray();
                c.inputShape(s.substring(0, eq).trim(), shape);
            } catch (NumberFormatException e) {
                throw CliException.usage("--input-shape wants NAME=D1,D2,..., got '" + s + "'");
            }
        }
        try {
            c.quantize(Quantize.parse(quantize));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--quantize must be none, float16, dynamic or int8, got '" + quantize + "'");
        }
        if (!inferenceType.equals("float") && !inferenceType.equals("int8")) {
            throw CliException.usage("--inference-type must be float or int8, got '" + inferenceType + "'");
        }
        c.int8InputsOutputs(inferenceType.equals("int8"));
        if (representativeData != null) {
            c.representativeData(representativeData);
        }
        try {
            c.convert(output);
        } catch (ConversionException e) {
            throw new CliException(CliException.FAILURE, e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (report) {
            out.print(c.report().format());
        }
        out.println("wrote " + output + " (" + c.report().modelBytes() + " bytes)");
        out.flush();
        return 0;
    }
}
