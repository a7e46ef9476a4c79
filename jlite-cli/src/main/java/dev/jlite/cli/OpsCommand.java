package dev.jlite.cli;

import dev.jlite.DataType;
import dev.jlite.kernel.MutableOpResolver;
import dev.jlite.kernel.Registration;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code jlite ops}: the kernels this build registers. */
@Command(name = "ops", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Lists the builtin and custom operators this build has kernels for, with the tensor types "
                + "and operator versions each kernel accepts."})
final class OpsCommand implements Callable<Integer> {
    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object: {\"builtin\": [...], \"custom\": [...]}, each "
            + "entry with name, code (builtin only), min_version, max_version (null: no upper bound) and types.")
    private boolean json;

    @Option(names = "--markdown", description = "Print the README's operator table: one row per operator with every "
            + "type any of its kernels accepts.")
    private boolean markdown;

    @Override
    public Integer call() {
        List<Registration> builtin = new ArrayList<>();
        List<Registration> custom = new ArrayList<>();
        for (Registration r : main.kernels().registrations()) {
            (r.isCustom() ? custom : builtin).add(r);
        }
        Comparator<Registration> order = Comparator.comparing(Registration::name)
                .thenComparingInt(Registration::minVersion);
        builtin.sort(order);
        custom.sort(order);
        PrintWriter out = spec.commandLine().getOut();
        if (markdown) {
            out.print(markdownTable(main.kernels().registrations()));
        } else if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("builtin", builtin.stream().map(OpsCommand::toJson).toList());
            m.put("custom", custom.stream().map(OpsCommand::toJson).toList());
            out.println(Json.pretty(m));
        } else {
            section(out, "builtin operators", builtin);
            section(out, "custom operators", custom);
        }
        out.flush();
        return 0;
    }

    private static Map<String, Object> toJson(Registration r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        if (!r.isCustom()) {
            m.put("code", r.builtin().code());
        }
        m.put("min_version", r.minVersion());
        m.put("max_version", r.maxVersion() == MutableOpResolver.ANY_VERSION ? null : r.maxVersion());
        m.put("types", r.types().stream().map(DataType::name).toList());
        return m;
    }

    private static void section(PrintWriter out, String title, List<Registration> regs) {
        out.printf("%s (%d):%n", title, regs.size());
        for (Registration r : regs) {
            out.printf("  %-32s %-8s %s%n", r.name(), versions(r),
                    String.join(", ", r.types().stream().map(DataType::name).toList()));
        }
    }

    /**
     * The operator table of the README: one row per operator (its registrations for different types merged), builtin
     * operators first, each sorted by name.
     */
    static String markdownTable(List<Registration> registrations) {
        Map<String, Set<DataType>> builtin = new TreeMap<>();
        Map<String, Set<DataType>> custom = new TreeMap<>();
        for (Registration r : registrations) {
            (r.isCustom() ? custom : builtin).computeIfAbsent(r.name(), k -> EnumSet.noneOf(DataType.class))
                    .addAll(r.types());
        }
        StringBuilder table = new StringBuilder("| operator | types |\n|---|---|\n");
        builtin.forEach((name, types) -> table.append(row(name, types)));
        custom.forEach((name, types) -> table.append(row(name + " (custom)", types)));
        return table.toString();
    }

    private static String row(String name, Set<DataType> types) {
        return "| " + name + " | " + String.join(", ", types.stream().map(t -> t.name().toLowerCase(Locale.ROOT))
                .toList()) + " |\n";
    }

    /** "v1+", "v1-3" or "v2". */
    static String versions(Registration r) {
        if (r.maxVersion() == MutableOpResolver.ANY_VERSION) {
            return "v" + r.minVersion() + "+";
        }
        return r.minVersion() == r.maxVersion() ? "v" + r.minVersion() : "v" + r.minVersion() + "-" + r.maxVersion();
    }
}
