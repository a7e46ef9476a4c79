package dev.jlite.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jlite detect}: the detection tasks, one subcommand each. */
@Command(name = "detect", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        synopsisSubcommandLabel = "(faces | objects | palms)",
        description = "Detects faces, objects or palms in an image: box, score and keypoints of each, in pixels.",
        subcommands = {FacesCommand.class, ObjectsCommand.class, PalmsCommand.class})
final class DetectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing task: give faces, objects or palms");
    }
}
