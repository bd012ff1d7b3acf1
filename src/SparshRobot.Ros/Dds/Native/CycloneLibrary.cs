using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SparshRobot.Ros.Dds.Native;

/// <summary>
/// Locates Eclipse Cyclone DDS (<c>libddsc</c>). Debian's <c>cyclonedds-dev</c> provides <c>libddsc.so</c>; with only
/// the runtime package installed the library is <c>libddsc.so.0debian</c>, so every <c>[DllImport("ddsc")]</c> in
/// this assembly resolves through here.
/// </summary>
public static class CycloneLibrary
{
    public const string ImportName = "ddsc";

    /// <summary>The raw-CDR sertype shim built from <c>sparsh_dds.c</c> and shipped beside the assemblies.</summary>
    public const string ShimImportName = "sparshdds";

    private const string ShimFile = "libsparshdds.so";

    private static readonly string[] Candidates = ["libddsc.so", "libddsc.so.0debian", "libddsc.so.0", "ddsc"];

    private static readonly Lazy<(nint Handle, string? Error)> Loaded = new(Load);

    private static readonly Lazy<(nint Handle, string? Error)> ShimLoaded = new(LoadShim);

    /// <summary>Installs the resolver as soon as the assembly loads, before any P/Invoke can run.</summary>
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "The resolver must exist before the first P/Invoke of this library runs, whoever calls it.")]
    internal static void InstallResolver() =>
        NativeLibrary.SetDllImportResolver(typeof(CycloneLibrary).Assembly, Resolve);

    /// <summary>True when libddsc could be loaded; otherwise <see cref="LoadError"/> says why.</summary>
    public static bool IsAvailable => Loaded.Value.Handle != 0;

    public static string? LoadError => Loaded.Value.Error;

    /// <summary>True when both libddsc and the sertype shim loaded; otherwise <see cref="ShimLoadError"/> says why.</summary>
    public static bool IsShimAvailable => IsAvailable && ShimLoaded.Value.Handle != 0;

    public static string? ShimLoadError => IsAvailable ? ShimLoaded.Value.Error : LoadError;

    /// <summary>The loaded library's real file, e.g. <c>/usr/lib/x86_64-linux-gnu/libddsc.so.0.10.2</c>.</summary>
    public static string? LoadedPath => IsAvailable ? FindMappedFile("libddsc.so") : null;

    /// <summary>The library version from its real file name (0.10.2 exports no version function).</summary>
    public static string? Version
    {
        get
        {
            var name = LoadedPath is { } p ? Path.GetFileName(p) : null;
            const string prefix = "libddsc.so.";
            return name is not null && name.StartsWith(prefix, StringComparison.Ordinal) && char.IsDigit(name[prefix.Length])
                ? name[prefix.Length..]
                : null;
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) => libraryName switch
    {
        ImportName => Loaded.Value.Handle,
        // libddsc first: the shim links against it by soname.
        ShimImportName => IsAvailable ? ShimLoaded.Value.Handle : 0,
        _ => 0,
    };

    private static (nint, string?) LoadShim()
    {
        var path = Path.Combine(AppContext.BaseDirectory, ShimFile);
        if (!File.Exists(path))
        {
            return (0, $"{path} is missing: it is compiled by the SparshRobot.Ros build from Dds/Native/sparsh_dds.c (needs cc and cyclonedds-dev)");
        }
        try
        {
            return (NativeLibrary.Load(path), null);
        }
        catch (DllNotFoundException e)
        {
            return (0, $"{path} could not be loaded: {e.Message}");
        }
    }

    private static (nint, string?) Load()
    {
        var errors = new List<string>();
        foreach (var candidate in Candidates)
        {
            try
            {
                return (NativeLibrary.Load(candidate), null);
            }
            catch (DllNotFoundException e)
            {
                errors.Add(e.Message);
            }
        }
        return (0, $"Cyclone DDS (libddsc) not found: tried {string.Join(", ", Candidates)}. {errors.LastOrDefault()}");
    }

    private static string? FindMappedFile(string prefix)
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return null;
        }
        return File.ReadLines(maps)
            .Select(line => line.IndexOf('/') is var i and >= 0 ? line[i..].Trim() : null)
            .FirstOrDefault(path => path is not null && Path.GetFileName(path).StartsWith(prefix, StringComparison.Ordinal));
    }
}
