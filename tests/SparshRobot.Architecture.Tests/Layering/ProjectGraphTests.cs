using SparshRobot.Testing;

namespace SparshRobot.Architecture.Tests.Layering;

public class ProjectGraphTests
{
    private DirectoryInfo _src = null!;

    [SetUp]
    public void CreateSourceFolder() => _src = TestPaths.NewTempDirectory("sparsh-layers");

    [TearDown]
    public void DeleteSourceFolder() => _src.Delete(recursive: true);

    private string Project(string name, string body)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_src.FullName, name));
        var file = Path.Combine(folder.FullName, $"{name}.csproj");
        File.WriteAllText(file, body);
        return file;
    }

    [Test]
    public void ReadsEachProjectsReferencesByName()
    {
        Project("A", """<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><ProjectReference Include="../B/B.csproj" /><ProjectReference Include="..\C\C.csproj" /></ItemGroup></Project>""");
        Project("B", """<Project Sdk="Microsoft.NET.Sdk" />""");
        // Build outputs below a project folder are not projects.
        Directory.CreateDirectory(Path.Combine(_src.FullName, "B", "obj"));
        File.WriteAllText(Path.Combine(_src.FullName, "B", "obj", "Stale.csproj"), "<Project />");

        var graph = ProjectGraph.Read(_src.FullName);

        Assert.That(graph.Keys, Is.EqualTo(new[] { "A", "B" }));
        Assert.That(graph["A"], Is.EqualTo(new[] { "B", "C" }));
        Assert.That(graph["B"], Is.Empty);
    }

    [Test]
    public void AMalformedProjectFileIsRefusedNamingIt()
    {
        var file = Project("Broken", "<Project><ItemGroup></Project>");
        Assert.That(() => ProjectGraph.Read(_src.FullName),
            Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith($"{file}: not a well-formed project file"));
    }

    [TestCase("""<ProjectReference />""", "''")]
    [TestCase("""<ProjectReference Include="../B/B.dll" />""", "'../B/B.dll'")]
    public void AReferenceThatNamesNoProjectIsRefusedWithItsLine(string reference, string shown)
    {
        var file = Project("A", $"<Project>\n<ItemGroup>\n{reference}\n</ItemGroup>\n</Project>");
        Assert.That(() => ProjectGraph.Read(_src.FullName),
            Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo($"{file}: line 3: ProjectReference Include {shown} is not a path to a .csproj"));
    }

    [Test]
    public void AMissingSourceFolderIsRefusedNamingIt()
    {
        var missing = Path.Combine(_src.FullName, "nowhere");
        Assert.That(() => ProjectGraph.Read(missing), Throws.InstanceOf<DirectoryNotFoundException>().With.Message.Contains(missing));
    }
}
