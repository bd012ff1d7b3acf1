using System.Reflection;
using System.Text.RegularExpressions;
using SparshRobot.Cli.Output;
using SparshRobot.Core.Numerics;
using SparshRobot.Encoder.Checkpoints;
using SparshRobot.Evaluation.Models;
using SparshRobot.Policy.Spec;
using SparshRobot.Ros.Cdr;
using SparshRobot.Ros.Dds.Native;
using SparshRobot.Ros.Launch;
using SparshRobot.Ros.Parameters;
using SparshRobot.Sim.Mazes;
using SparshRobot.Tactile.Calibration;
using SparshRobot.Tactile.Capture;
using YamlDotNet.Core;

namespace SparshRobot.Cli.Errors;

/// <summary>
/// How every command turns a failure caused by its input (a file, an option, the network) into the user's words: one
/// line per cause, without .NET's decorations. Failures that are bugs (a null dereference, a bad cast) are not caught
/// here, so they still end with their stack trace.
/// </summary>
internal static partial class UserErrors
{
    /// <summary>Runs a command's action; a user error prints "error: …" lines and exits 1.</summary>
    public static int Run(Func<int> action) =>
        Run(action, CliConsole.Error, exitCode: 1);

    /// <summary>Runs a command's action; a user error goes line by line to <paramref name="report"/> and exits <paramref name="exitCode"/>.</summary>
    public static int Run(Func<int> action, Action<string> report, int exitCode)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (IsUserError(e))
        {
            foreach (var line in Describe(e))
            {
                report(line);
            }
            return exitCode;
        }
    }

    /// <summary>Whether <paramref name="e"/> (every cause of it, for an aggregate) comes from the input rather than a bug.</summary>
    public static bool IsUserError(Exception e) => Causes(e).All(c => c switch
    {
        // Subclasses of the user-error families below that only a bug throws.
        ObjectDisposedException or KeyNotFoundException => false,
        ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException or FormatException or TimeoutException
            or InvalidOperationException or YamlException or CheckpointException or NpyFormatException or ModelCardException or CaptureException
            or LaunchException or MazeFormatException or BackgroundMismatchException or PolicySpecMismatchException or ParameterException
            or DdsException or CdrFormatException => true,
        _ => false,
    });

    /// <summary>The lines that tell the user what went wrong: one per distinct cause, in the order they happened.</summary>
    public static IReadOnlyList<string> Describe(Exception e) =>
        [.. Causes(e).SelectMany(Lines).Where(line => line.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>The exceptions that say something, with the wrappers that only carry them (aggregates, reflection, static constructors) removed.</summary>
    private static IEnumerable<Exception> Causes(Exception e) => e switch
    {
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.SelectMany(Causes),
        TargetInvocationException { InnerException: { } inner } => Causes(inner),
        TypeInitializationException { InnerException: { } inner } => Causes(inner),
        _ => [e],
    };

    private static IEnumerable<string> Lines(Exception e) => e switch
    {
        // Its message lists the problems under a count; each is a line of its own, naming the file.
        CheckpointException checkpoint => checkpoint.Problems.Select(p => $"{checkpoint.File}: {Clean(p)}"),
        YamlException yaml => [$"{yaml.Start.Line}:{yaml.Start.Column}: {YamlMessage(yaml)}"],
        _ when YamlCause(e) is { } yaml && FileAndLine(e.Message, yaml) is { } located => [located],
        _ => Clean(Message(e)).Split('\n', StringSplitOptions.TrimEntries),
    };

    /// <summary>An argument exception's own text; when it is only .NET's default sentence, what is wrong with which parameter.</summary>
    private static string Message(Exception e)
    {
        var text = Clean(e.Message);
        if (e is not ArgumentException { ParamName: { } name } argument || text.Length > 0)
        {
            return text;
        }
        return argument switch
        {
            ArgumentNullException => $"{name}: missing",
            ArgumentOutOfRangeException { ActualValue: { } value } => $"{name}: {value} is out of range",
            ArgumentOutOfRangeException => $"{name}: out of range",
            _ => $"{name}: invalid value",
        };
    }

    /// <summary>The message without the decorations .NET adds: parameter names, default sentences, exception type names.</summary>
    private static string Clean(string message)
    {
        var text = ParameterSuffix().Replace(message, "");
        text = ActualValueLine().Replace(text, "");
        text = TypeName().Replace(text, "");
        foreach (var sentence in DefaultSentences)
        {
            text = text.Replace(sentence, "", StringComparison.Ordinal);
        }
        return text.Trim();
    }

    private static readonly string[] DefaultSentences =
    [
        "Value cannot be null.",
        "Specified argument was out of the range of valid values.",
        "Value does not fall within the expected range.",
    ];

    private static YamlException? YamlCause(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is YamlException yaml)
            {
                return yaml;
            }
        }
        return null;
    }

    /// <summary>
    /// A loader's "<c>file: line N[, column C]: …</c>" for a YAML error at line N, as "<c>file:N:C: …</c>", the form
    /// editors and terminals open at the place; null when the message does not start so.
    /// </summary>
    private static string? FileAndLine(string message, YamlException yaml)
    {
        var match = Regex.Match(message, $@"^(?<file>.+?): line {yaml.Start.Line}(, column \d+)?: ", RegexOptions.None, TimeSpan.FromSeconds(1));
        return match.Success ? $"{match.Groups["file"].Value}:{yaml.Start.Line}:{yaml.Start.Column}: {Clean(message[match.Length..])}" : null;
    }

    /// <summary>YamlDotNet's message without its "(Line: 1, Col: 2, Idx: 3) - (…): " prefix; the cause's when it only says deserialization failed.</summary>
    private static string YamlMessage(YamlException yaml)
    {
        var text = YamlMark().Replace(yaml.Message, "");
        return yaml.InnerException is { } inner && text.StartsWith("Exception during deserialization", StringComparison.Ordinal)
            ? Clean(inner.Message)
            : Clean(text);
    }

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)")]
    private static partial Regex ParameterSuffix();

    [GeneratedRegex(@"\r?\nActual value was [^\n]*")]
    private static partial Regex ActualValueLine();

    [GeneratedRegex(@"\b(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*Exception:\s*")]
    private static partial Regex TypeName();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex YamlMark();
}
