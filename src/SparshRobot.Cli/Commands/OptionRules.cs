using System.CommandLine;
using System.Globalization;

namespace SparshRobot.Cli.Commands;

/// <summary>Value rules shared by options, checked by System.CommandLine before a command runs (usage error, exit 1).</summary>
internal static class OptionRules
{
    /// <summary>Refuses zero and negative values (a duration or rate), naming the option and the value given.</summary>
    public static Option<double> Positive(this Option<double> option, string unit)
    {
        option.Validators.Add(result => Check(result, option.Name, result.GetValueOrDefault<double>(), unit));
        return option;
    }

    /// <inheritdoc cref="Positive(Option{double}, string)"/>
    public static Option<double?> Positive(this Option<double?> option, string unit)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value)
            {
                Check(result, option.Name, value, unit);
            }
        });
        return option;
    }

    private static void Check(System.CommandLine.Parsing.OptionResult result, string name, double value, string unit)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            result.AddError($"{name} must be a positive number of {unit}, got {value.ToString(CultureInfo.InvariantCulture)}");
        }
    }
}
