using SparshRobot.Control;
using SparshRobot.Evaluation.Maze;
using SparshRobot.Policy.Tests.Support;
using SparshRobot.Sim.Faults;
using SparshRobot.Sim.Mazes;
using SparshRobot.Sim.Simulation;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Profiles;
using SparshRobot.Testing;

namespace SparshRobot.Evaluation.Tests.Maze;

/// <summary>The benchmark on real simulation and rendering, kept short by the time limit.</summary>
public class MazeEvaluationTests
{
    private static readonly Lazy<BackgroundImage> Background = new(() => BackgroundStore.FromImageFile(TestPaths.DigitBackground, SensorProfile.Digit));

    private static string SuiteYaml => """
        fault_suite:
          name: test
          faults_per_episode: 2
          kinds:
            - kind: friction-drop
              intensity: [0.4, 0.8]
              start: [0.5, 1]
              duration: [0.5, 1]
            - kind: image-noise
              intensity: [0.3, 0.5]
              start: [0.2, 0.5]
              duration: [1, 2]
            - kind: latency-spike
              intensity: [0.2, 0.3]
              start: [0.2, 0.5]
              duration: [0.2, 0.4]
        """;

    [Test]
    public void AnEpisodesSeedFollowsTheMazeNotItsPlaceInTheList()
    {
        var mazes = MazeCatalog.ResolveMany("heldout:easy:3").Select(m => new MazeCase("heldout:easy:3", m)).ToList();
        var forward = new MazeEvalOptions(["full"], mazes, [FaultCondition.None], Episodes: 2, Seed: 100);
        var split = forward with { Mazes = [mazes[2], mazes[0]] };

        Assert.That(split.EpisodeSeed(mazes[2].Maze, 1), Is.EqualTo(forward.EpisodeSeed(mazes[2].Maze, 1)), "a split run draws the same episode");
        var seeds = mazes.SelectMany(m => new[] { forward.EpisodeSeed(m.Maze, 0), forward.EpisodeSeed(m.Maze, 1) }).ToList();
        Assert.That(seeds, Is.Unique, "mazes and episodes draw apart");
        Assert.That(seeds, Is.All.GreaterThanOrEqualTo(0));
        Assert.That((forward with { Seed = 101 }).EpisodeSeed(mazes[0].Maze, 0), Is.Not.EqualTo(seeds[0]), "--seed changes every draw");
    }

    [Test]
    public void TheEpisodesRunTheGivenRobotWhileTheControllerKeepsItsOwnModelOfIt()
    {
        var mazes = MazeCatalog.ResolveMany("heldout:easy:1").Select(m => new MazeCase("heldout:easy:1", m)).ToList();
        var hand = SparshRobot.Sim.Hand.HandGeometry.Default with { FingerComplianceShare = 0.5 };
        var options = new MazeEvalOptions(["tactile-servo"], mazes, [FaultCondition.None], TimeLimit: 0.5, Sim: SimOptions.Default with { Hand = hand });
        var factory = new MazeStackFactory(Background.Value, MazeControlOptions.Default);
        var sims = new List<BeadMazeSim>();
        var controllers = new List<IMazeController>();
        MazeEvaluation.Run(options, (name, sim, seed) =>
        {
            sims.Add(sim);
            controllers.Add(factory.Create(name, sim, seed));
            return controllers[^1];
        }, seed => new DigitFrameRenderer(Background.Value, seed));

        Assert.That(sims.Single().Options.Hand.FingerComplianceShare, Is.EqualTo(0.5));
        var loop = ((ControlStackController)controllers.Single()).Loop;
        Assert.That(loop.Controller.Options.Geometry.FingerComplianceShare, Is.EqualTo(0.8), "the controller still assumes the default hand");
    }

    [Test]
    public void EveryStackMeetsTheSameMazesAndFaultsAndTheOutputsAreWritten()
    {
        var suite = FaultSuite.Parse(SuiteYaml, "test.yaml");
        var mazes = MazeCatalog.ResolveMany("heldout:hard:1").Select(m => new MazeCase("heldout:hard:1", m)).ToList();
        var options = new MazeEvalOptions(["teleop", "tactile-servo"], mazes, [FaultCondition.None, new FaultCondition(suite.Name, suite.Sample)],
            Episodes: 2, Seed: 7, TimeLimit: 3);
        var factory = new MazeStackFactory(Background.Value, MazeControlOptions.Default);
        var seen = new List<EvalOutcome>();
        var rows = MazeEvaluation.Run(options, factory.Create, seed => new DigitFrameRenderer(Background.Value, seed), seen.Add);

        Assert.That(rows, Has.Count.EqualTo(options.TotalEpisodes).And.Count.EqualTo(8));
        Assert.That(seen.Select(o => o.Episode), Is.EqualTo(rows));
        foreach (var group in rows.GroupBy(r => (r.Faults, r.Seed)))
        {
            Assert.That(group.Select(r => r.Stack), Is.EquivalentTo(new[] { "teleop", "tactile-servo" }));
            Assert.That(group.Select(r => r.FaultKinds).Distinct().Count(), Is.EqualTo(1), "both stacks meet the same faults");
        }
        Assert.That(rows.Where(r => r.Faults == "test").All(r => r.FaultKinds.Split('+').Length == 2), Is.True);
        Assert.That(rows.Where(r => r.Faults == "none").All(r => r.FaultKinds.Length == 0), Is.True);
        var servo = rows.Where(r => r.Stack == "tactile-servo").ToList();
        Assert.That(servo.All(r => r.Completion > 0.02), Is.True, "the stack moves the bead in 3 s");
        Assert.That(servo.All(r => r.Time is > 2.9 and < 3.1), Is.True);
        Assert.That(seen.Where(o => o.Episode.Stack == "tactile-servo").All(o => o.Rollout.Trace.Time.Count > 0), Is.True);

        var dir = TestPaths.NewTempDirectory("maze-eval").FullName;
        var summary = EvalReport.Summarize(rows);
        EvalReport.WriteCsv(Path.Combine(dir, "episodes.csv"), rows);
        EvalReport.WriteJson(Path.Combine(dir, "summary.json"), summary, new { test = true });
        EvalReport.WritePlot(Path.Combine(dir, "summary.png"), summary);
        var csv = File.ReadAllLines(Path.Combine(dir, "episodes.csv"));
        Assert.That(csv[0], Does.StartWith("maze,maze_spec,wire_length,faults,fault_kinds,stack,seed,completion,success"));
        Assert.That(csv, Has.Length.EqualTo(rows.Count + 1));
        Assert.That(File.ReadAllText(Path.Combine(dir, "summary.json")), Does.Contain("\"success_low\""));
        var png = File.ReadAllBytes(Path.Combine(dir, "summary.png"));
        Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
        Assert.That(png, Has.Length.GreaterThan(10_000));
    }

    [Test]
    public void SummaryRowsCountSuccessesPerStackConditionAndFaultKind()
    {
        EvalEpisode Row(string stack, string faults, string kinds, bool success, double completion) =>
            new("m", "s", 0.5, faults, kinds, stack, 0, completion, success, 10, 0, 0, 0, 1, 0, 0, 0, 0, 0, "Tracking", "", 0, 0, 1);
        var rows = new[]
        {
            Row("full", "none", "", true, 1), Row("full", "none", "", false, 0.5),
            Row("full", "suite", "friction-drop+image-noise", true, 1), Row("full", "suite", "friction-drop", false, 0.2),
            Row("bc", "none", "", false, 0.1),
        };
        var summary = EvalReport.Summarize(rows);
        var none = summary.Single(r => r.Stack == "full" && r.Faults == "none" && r.FaultKind is null);
        Assert.That((none.Episodes, none.Successes, none.MeanCompletion), Is.EqualTo((2, 1, 0.75)));
        var friction = summary.Single(r => r.Stack == "full" && r.FaultKind == "friction-drop");
        Assert.That((friction.Episodes, friction.Successes), Is.EqualTo((2, 1)));
        Assert.That(summary.Single(r => r.FaultKind == "image-noise").Episodes, Is.EqualTo(1));
        Assert.That(summary.Where(r => r.Stack == "bc").Select(r => r.Faults), Is.EqualTo(new[] { "none" }));
        Assert.That(summary.First().Stack, Is.EqualTo("full"), "stacks keep the order they were run in");
    }

    private static EvalEpisode Episode(string stack, int seed, string reason = "") =>
        new("heldout-easy-1", "heldout:easy:1", 0.4375, "standard", "friction-drop+image-noise", stack, seed, 0.8125, seed % 2 == 0, 42.5,
            1, 2, 3, 4, 5, 6, 7, 8, 9, "SafeHold", reason, 120, 3.25, 88.5);

    [Test]
    public void EpisodesCsvReadsBackWhatWasWritten()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("maze-csv").FullName, "episodes.csv");
        EvalEpisode[] episodes = [Episode("full", 0, "jam budget spent, \"3 of 3\""), Episode("bc", 1), Episode("full", 2) with { InferenceMs = double.NaN }];
        EvalReport.WriteCsv(path, episodes);
        Assert.That(EvalReport.ReadCsv(path), Is.EqualTo(episodes));
    }

    [TestCase("maze,stack\n", "line 1 is not the episodes.csv header; missing column(s) maze_spec")]
    [TestCase("", "empty; expected a header line")]
    public void AFileThatIsNotAnEpisodesCsvIsRefusedByName(string text, string expected)
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("maze-csv").FullName, "episodes.csv");
        File.WriteAllText(path, text);
        Assert.That(() => EvalReport.ReadCsv(path), Throws.TypeOf<FormatException>().With.Message.StartsWith(path).And.Message.Contains(expected));
    }

    [Test]
    public void ABadCellNamesItsLineAndColumn()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("maze-csv").FullName, "episodes.csv");
        EvalReport.WriteCsv(path, [Episode("full", 0), Episode("full", 1)]);
        var lines = File.ReadAllLines(path);
        lines[2] = lines[2].Replace(",0.8125,", ",most,", StringComparison.Ordinal);
        File.WriteAllLines(path, [.. lines, "heldout-easy-1,unquoted"]);
        Assert.That(() => EvalReport.ReadCsv(path), Throws.TypeOf<FormatException>().With.Message.EqualTo($"{path}: line 3, column completion: 'most' is not a number"));
        File.WriteAllLines(path, [lines[0], lines[1], "heldout-easy-1,too few"]);
        Assert.That(() => EvalReport.ReadCsv(path), Throws.TypeOf<FormatException>().With.Message.Contains("line 3 has 2 cells; the header has 24"));
    }

    [Test]
    public void RunsJoinInTheStacksOrderAndTheSameEpisodeTwiceIsRefused()
    {
        var joined = EvalReport.Combine([("a", [Episode("tactile-servo", 0), Episode("full", 0)]), ("b", [Episode("bc", 0), Episode("my-stack", 0)])],
            ["teleop", "bc", "full", "tactile-servo"]);
        Assert.That(joined.Select(e => e.Stack), Is.EqualTo(new[] { "bc", "full", "tactile-servo", "my-stack" }));
        Assert.That(() => EvalReport.Combine([("a", [Episode("full", 0)]), ("b", [Episode("full", 1), Episode("full", 0)])], []),
            Throws.ArgumentException.With.Message.EqualTo("episode heldout-easy-1 / standard / full / seed 0 is in both a and b"));
    }

    [Test]
    public void TheSummaryCarriesTheRealTimeFactor()
    {
        var row = EvalReport.Summarize([Episode("full", 0), Episode("full", 1) with { Time = 17.5, WallSeconds = 11.5 }]).Single(r => r.FaultKind is null);
        Assert.That((row.SimSeconds, row.WallSeconds, row.RealTimeFactor), Is.EqualTo((60.0, 100.0, 0.6)));
    }

    [Test]
    public void StacksThatCannotBeBuiltAreRefusedUpFrontWithTheReason()
    {
        var factory = new MazeStackFactory(Background.Value, MazeControlOptions.Default);
        Assert.That(() => factory.Require(["bc"]), Throws.ArgumentException.With.Message.Contains("--checkpoint"));
        Assert.That(() => factory.Require(["warp-drive"]), Throws.ArgumentException.With.Message.Contains("unknown control stack 'warp-drive'"));
        Assert.DoesNotThrow(() => factory.Require(["teleop", "tactile-servo"]));
        using var encoder = RuntimeFixtures.TinyEncoder();
        using var policy = new FixedDeltaPolicy(RuntimeFixtures.SpecFor(encoder), RuntimeFixtures.Action, [0.002f, 0, 0]);
        var withPolicy = new MazeStackFactory(Background.Value, MazeControlOptions.Default, new PolicyResources(policy, encoder));
        Assert.DoesNotThrow(() => withPolicy.Require(["bc", "full-classic"]));
        Assert.That(() => withPolicy.Require(["full"]), Throws.ArgumentException.With.Message.Contains("--probes"));
    }
}
