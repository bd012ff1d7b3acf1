using SparshRobot.NativePatch.Elf;
using TorchSharp;

namespace SparshRobot.Cli.Doctor;

/// <summary>Loads libtorch through TorchSharp and runs a small computation with a backward pass.</summary>
public sealed class TorchCheck : IDoctorCheck
{
    public string Name => "libtorch (TorchSharp)";

    public bool Required => true;

    public CheckResult Run()
    {
        var details = new List<string> { NativePatchState() };
        try
        {
            using var scope = torch.NewDisposeScope();
            var a = torch.ones(2, 3, requires_grad: true);
            var loss = (a * 3).sum();
            loss.backward();
            var grad = a.grad!.sum().item<float>();
            if (Math.Abs(grad - 18f) > 1e-4)
            {
                return CheckResult.Failed(Name, "reinstall the TorchSharp packages: dotnet restore --force", $"gradient check gave {grad}, expected 18");
            }
            details.InsertRange(0,
            [
                $"TorchSharp {typeof(torch).Assembly.GetName().Version}, libtorch {torch.__version__}",
                $"threads: {torch.get_num_threads()} intra-op, {torch.get_num_interop_threads()} inter-op",
                $"device: CPU{(torch.cuda.is_available() ? $", CUDA ({torch.cuda.device_count()} devices)" : " only (CUDA not available)")}",
            ]);
            return new CheckResult(Name, CheckStatus.Ok, details);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException or InvalidOperationException)
        {
            details.Insert(0, Innermost(e).Message);
            return new CheckResult(Name, CheckStatus.Failed, details,
                "dotnet build src/SparshRobot.Cli -c Release   (copies the natives and weakens GLIBCXX_3.4.32 where libstdc++ lacks it)");
        }
    }

    private static string NativePatchState()
    {
        var path = new[] { "", "runtimes/linux-x64/native" }
            .Select(dir => Path.Combine(AppContext.BaseDirectory, dir, "libLibTorchSharp.so"))
            .FirstOrDefault(File.Exists);
        if (path is null)
        {
            return "libLibTorchSharp.so: not in the application folder";
        }
        try
        {
            var need = ElfImage.Load(path).VersionNeeds().FirstOrDefault(n => n.Version == "GLIBCXX_3.4.32");
            var system = SystemLibstdcxx.Locate();
            var provided = system is not null && SystemLibstdcxx.Defines(system, "GLIBCXX_3.4.32");
            return need is null
                ? "libLibTorchSharp.so: does not need GLIBCXX_3.4.32"
                : $"libLibTorchSharp.so: GLIBCXX_3.4.32 {(need.IsWeak ? "weak (patched)" : "required")}; system {system ?? "libstdc++ not found"} {(provided ? "provides" : "lacks")} it";
        }
        catch (ElfFormatException e)
        {
            return e.Message;
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
