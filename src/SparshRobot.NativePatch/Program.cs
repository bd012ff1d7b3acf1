using SparshRobot.NativePatch.Elf;

// Invoked by build/TorchSharpNative.targets after the natives are copied into an output folder:
//   weaken <file> --version GLIBCXX_3.4.32 [--only-if-system-lacks] [--libstdcxx <path>]
// Kept free of package dependencies so it builds first and fast.
return NativePatchTool.Run(args, Console.Out, Console.Error);

internal static class NativePatchTool
{
    private const string Usage =
        "usage: SparshRobot.NativePatch weaken <elf-file> --version <NAME> [--only-if-system-lacks] [--libstdcxx <path>]";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length < 2 || args[0] != "weaken")
        {
            error.WriteLine(Usage);
            return 2;
        }
        var file = args[1];
        string? version = null;
        string? libstdcxx = null;
        var onlyIfSystemLacks = false;
        for (var i = 2; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--version" when i + 1 < args.Length:
                    version = args[++i];
                    break;
                case "--libstdcxx" when i + 1 < args.Length:
                    libstdcxx = args[++i];
                    break;
                case "--only-if-system-lacks":
                    onlyIfSystemLacks = true;
                    break;
                default:
                    error.WriteLine($"unknown or incomplete argument '{args[i]}'");
                    error.WriteLine(Usage);
                    return 2;
            }
        }
        if (version is null)
        {
            error.WriteLine("missing --version");
            return 2;
        }

        try
        {
            if (onlyIfSystemLacks)
            {
                libstdcxx ??= SystemLibstdcxx.Locate();
                if (libstdcxx is null)
                {
                    output.WriteLine($"{file}: no system libstdc++.so.6 found; weakening {version} to be safe");
                }
                else if (SystemLibstdcxx.Defines(libstdcxx, version))
                {
                    output.WriteLine($"{file}: {libstdcxx} provides {version}; nothing to do");
                    return 0;
                }
            }
            var outcome = VersionWeakener.Weaken(file, version);
            output.WriteLine(outcome switch
            {
                WeakenOutcome.Patched => $"{file}: marked {version} weak",
                WeakenOutcome.AlreadyWeak => $"{file}: {version} already weak; unchanged",
                _ => $"{file}: does not require {version}; unchanged",
            });
            return 0;
        }
        catch (Exception e) when (e is ElfFormatException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
