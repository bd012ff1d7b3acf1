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

    /// <summary>Refuses a share outside (0, 1], naming the option and the value given.</summary>
    public static Option<double?> Share(this Option<double?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value && !(value > 0 && value <= 1))
            {
                result.AddError($"{option.Name} must be a share in (0, 1], got {value.ToString(CultureInfo.InvariantCulture)}");
            }
        });
        return option;
    }

    /// <summary>Refuses values below <paramref name="least"/> (a count), naming the option and the value given.</summary>
    public static Option<int> AtLeast(this Option<int> option, int least)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var value && value < least)
            {
                result.AddError($"{option.Name} must be at least {least}, got {value}");
            }
        });
        return option;
    }

    /// <inheritdoc cref="AtLeast(Option{int}, int)"/>
    public static Option<int?> AtLeast(this Option<int?> option, int least)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value && value < least)
            {
                result.AddError($"{option.Name} must be at least {least}, got {value}");
            }
        });
        return option;
    }

    /// <inheritdoc cref="AtLeast(Option{int}, int)"/>
    public static Option<int[]> AtLeast(this Option<int[]> option, int least)
    {
        option.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<int[]>() ?? [])
            {
                if (value < least)
                {
                    result.AddError($"{option.Name} must be at least {least}, got {value}");
                }
            }
        });
        return option;
    }

    /// <summary>Refuses values outside [<paramref name="low"/>, <paramref name="high"/>], naming the option and the value given.</summary>
    public static Option<double> Within(this Option<double> option, double low, double high)
    {
        option.Validators.Add(result => CheckWithin(result, option.Name, result.GetValueOrDefault<double>(), low, high));
        return option;
    }

    /// <inheritdoc cref="Within(Option{double}, double, double)"/>
    public static Option<double?> Within(this Option<double?> option, double low, double high)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value)
            {
                CheckWithin(result, option.Name, value, low, high);
            }
        });
        return option;
    }

    /// <inheritdoc cref="Within(Option{double}, double, double)"/>
    public static Option<int> Within(this Option<int> option, int low, int high)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var value && (value < low || value > high))
            {
                result.AddError($"{option.Name} must be within [{low}, {high}], got {value}");
            }
        });
        return option;
    }

    private static void CheckWithin(System.CommandLine.Parsing.OptionResult result, string name, double value, double low, double high)
    {
        if (!(value >= low && value <= high))
        {
            result.AddError($"{name} must be within [{low.ToString(CultureInfo.InvariantCulture)}, {high.ToString(CultureInfo.InvariantCulture)}], "
                + $"got {value.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static void Check(System.CommandLine.Parsing.OptionResult result, string name, double value, string unit)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            result.AddError($"{name} must be a positive number of {unit}, got {value.ToString(CultureInfo.InvariantCulture)}");
        }
    }
}
