using System.Text.Json;
using SparshRobot.Cli.Commands;
using SparshRobot.Cli.Pipeline;
using SparshRobot.Cli.Tests.Sim;
using SparshRobot.Testing;

namespace SparshRobot.Cli.Tests.Pipeline;

[Category("torch")]
public class PipelineCommandTests
{
    private const string CheapStep = "maze eval --stack tactile-servo --mazes hard:3 --faults none --time-limit 0.3 --out ${out}/a";

    private static string WritePlan(string folder, string secondStep) =>
        WriteFile(folder, "pipeline.yaml", $"""
            pipeline:
              out: run
              steps:
                - name: a
                  clean: [a]
                  run:
                    - {CheapStep}
                - name: b
                  run:
                    - {secondStep}
            """);

    private static string WriteFile(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Dictionary<string, double> State(string run) =>
        JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(Path.Combine(run, PipelineCommand.StateFile)))!;

    [Test]
    public void AFailedStepKeepsTheFinishedOnesAndARerunContinuesFromIt()
    {
        var folder = TestPaths.NewTempDirectory("pipeline").FullName;
        var run = Path.Combine(folder, "run");
        var plan = WritePlan(folder, "maze eval --stack warp-drive --out ${out}/b");
        var (code, text) = SimCommandTests.Invoke("pipeline", "run", plan);
        Assert.That(code, Is.EqualTo(1), text);
        Assert.That(text, Does.Contain("step b failed"));
        Assert.That(State(run).Keys, Is.EqualTo(new[] { "a" }));
        var marker = WriteFile(Path.Combine(run, "a"), "marker", "step a's output");

        // Fixed, the rerun skips a (its output stays) and runs b; the models stage then names the first file missing.
        WritePlan(folder, CheapStep.Replace("${out}/a", "${out}/b", StringComparison.Ordinal));
        (code, text) = SimCommandTests.Invoke("pipeline", "run", plan);
        Assert.That(code, Is.EqualTo(1), text);
        Assert.That(text, Does.Contain("a: done in an earlier run"));
        Assert.That(File.Exists(marker), Is.True, "a finished step is not rerun");
        Assert.That(State(run).Keys, Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(File.Exists(Path.Combine(run, "b", "episodes.csv")), Is.True);
        Assert.That(text.ReplaceLineEndings(""), Does.Contain(Path.Combine(run, "encoder", "encoder.safetensors")).And.Contain("missing"));

        // --from a reruns a from a clean folder, and everything after it.
        (code, text) = SimCommandTests.Invoke("pipeline", "run", plan, "--from", "a");
        Assert.That(File.Exists(marker), Is.False, "--from cleans and reruns the step");
        Assert.That(File.Exists(Path.Combine(run, "a", "episodes.csv")), Is.True, text);
    }

    [Test]
    public void AnUnreadableStateFileIsNamedAndNothingRuns()
    {
        var folder = TestPaths.NewTempDirectory("pipeline").FullName;
        var plan = WritePlan(folder, CheapStep.Replace("${out}/a", "${out}/b", StringComparison.Ordinal));
        var state = WriteFile(Directory.CreateDirectory(Path.Combine(folder, "run")).FullName, PipelineCommand.StateFile, "{\"a\": \"soon\"}");
        var (code, text) = SimCommandTests.Invoke("pipeline", "run", plan);
        Assert.That(code, Is.EqualTo(1), text);
        Assert.That(text.ReplaceLineEndings(""), Does.Contain(state).And.Contain("not a step-to-seconds map"));
        Assert.That(Directory.Exists(Path.Combine(folder, "run", "a")), Is.False, "no step ran");
    }

    [TestCase("b", "--from 'zz' is not a step", "--from", "zz")]
    [TestCase("maze eval --out ${nowhere}/b", "unknown variable ${nowhere}")]
    public void BadStepsOrVariablesAreNamed(string secondStep, string expected, params string[] extra)
    {
        var folder = TestPaths.NewTempDirectory("pipeline").FullName;
        var plan = WritePlan(folder, secondStep);
        var (code, text) = SimCommandTests.Invoke(["pipeline", "run", plan, .. extra]);
        Assert.That(code, Is.EqualTo(1), text);
        Assert.That(text.ReplaceLineEndings(""), Does.Contain(expected));
    }

    [TestCase("pipeline:\n  steps: []\n", "pipeline.steps is missing or empty")]
    [TestCase("pipeline:\n  steps:\n    - name: a\n      run: [doctor]\n    - name: a\n      run: [doctor]\n", "'a' is used twice")]
    [TestCase("pipeline:\n  steps:\n    - name: a\n", "(a): run is missing")]
    [TestCase("pipeline:\n  steps:\n    - name: a\n      run: [doctor]\n  models:\n    decoder: {}\n", "pipeline.models.decoder: unknown model")]
    [TestCase("pipeline:\n  steps:\n    - name: a\n      run: [doctor]\n  models:\n    encoder: { steps: [z] }\n", "names 'z', which is not a step")]
    [TestCase("pipeline:\n  stepz: []\n", "line 2")]
    public void MalformedPipelineFilesAreRefusedWithTheKey(string yaml, string expected)
    {
        var path = WriteFile(TestPaths.NewTempDirectory("pipeline").FullName, "p.yaml", yaml);
        Assert.That(() => PipelinePlan.Load(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(path).And.Message.Contains(expected));
    }

    [Test]
    public void EveryCommandOfTheShippedPipelineParses()
    {
        var plan = PipelinePlan.Load(Path.Combine(TestPaths.RepoRoot, "policies", "pipeline.yaml"));
        Assert.That(plan.Models.Keys, Is.EquivalentTo(PipelinePlan.ModelNames));
        foreach (var step in plan.Steps)
        {
            foreach (var args in plan.Expand(step, "/tmp/run"))
            {
                var parsed = SparshCli.Build().Parse(args);
                Assert.That(parsed.Errors.Select(e => e.Message), Is.Empty, $"{step.Name}: {string.Join(' ', args)}");
                Assert.That(parsed.CommandResult.Command.Name, Is.EqualTo(args[1]), "a subcommand, not the root help");
            }
        }
    }
}
