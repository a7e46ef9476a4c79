package dev.jlite.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jlite landmarks}: the two-stage landmark tasks, one subcommand each. */
@Command(name = "landmarks", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        synopsisSubcommandLabel = "(hands | pose | face)",
        description = "Finds hand, body pose or face mesh landmarks in an image, in pixels.",
        subcommands = {HandsCommand.class, PoseCommand.class, FaceLandmarksCommand.class})
final class LandmarksCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing task: give hands, pose or face");
    }
}
