using System.Xml;
using System.Xml.Linq;

namespace SparshRobot.Architecture.Tests.Layering;

/// <summary>The project references of the projects under a source folder, read from their project files.</summary>
public static class ProjectGraph
{
    /// <summary>
    /// Every <c>&lt;src&gt;/&lt;folder&gt;/*.csproj</c> by project name (the file name without extension), each with the
    /// names of the projects it references; a project without references maps to an empty list.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Read(string srcRoot)
    {
        if (!Directory.Exists(srcRoot))
        {
            throw new DirectoryNotFoundException($"source folder {srcRoot} does not exist; expected the repository's src folder");
        }
        var graph = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var project in Directory.EnumerateDirectories(srcRoot).SelectMany(d => Directory.EnumerateFiles(d, "*.csproj")))
        {
            graph.Add(Path.GetFileNameWithoutExtension(project), References(project));
        }
        return graph;
    }

    /// <summary>The names of the projects <paramref name="projectFile"/> references, in file order.</summary>
    public static IReadOnlyList<string> References(string projectFile)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(projectFile, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"{projectFile}: not a well-formed project file ({e.Message})", e);
        }
        return [.. document.Descendants().Where(e => e.Name.LocalName == "ProjectReference").Select(reference =>
        {
            var include = reference.Attribute("Include")?.Value;
            if (string.IsNullOrWhiteSpace(include) || !include.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException(
                    $"{projectFile}: line {((IXmlLineInfo)reference).LineNumber}: ProjectReference Include '{include}' is not a path to a .csproj");
            }
            // Project files written on Windows separate folders with backslashes.
            return Path.GetFileNameWithoutExtension(include.Replace('\\', '/'));
        })];
    }
}
