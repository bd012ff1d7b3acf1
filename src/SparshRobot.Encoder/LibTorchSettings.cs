using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace SparshRobot.Encoder;

/// <summary>
/// libtorch switches that TorchSharp does not expose, set through libtorch's own exported entry points
/// (<c>at::globalContext()</c> and its member setters; on x86-64 the object is the first argument).
/// </summary>
public static partial class LibTorchSettings
{
    private const string LibTorch = "libtorch_cpu";

    /// <summary>
    /// Whether convolutions may use NNPACK. libtorch 2.10 cannot initialize NNPACK on CPUs its cpuinfo does not
    /// recognise (this machine's VM among them) and then prints a warning on every eligible convolution at inference:
    /// 46k lines for one simulated maze of the diffusion policy, at a cost in time. oneDNN serves those convolutions.
    /// </summary>
    public static bool NnpackEnabled
    {
        get
        {
            EnsureLoaded();
            return UserEnabledNnpack(GlobalContext());
        }
        set
        {
            EnsureLoaded();
            SetUserEnabledNnpack(GlobalContext(), value);
        }
    }

    // TorchSharp loads libtorch on first use; the entry points below resolve against that already loaded copy.
    private static void EnsureLoaded() => InitializeDeviceType(TorchSharp.DeviceType.CPU);

    [LibraryImport(LibTorch, EntryPoint = "_ZN2at13globalContextEv")]
    private static partial nint GlobalContext();

    [LibraryImport(LibTorch, EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static partial bool UserEnabledNnpack(nint context);

    [LibraryImport(LibTorch, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static partial void SetUserEnabledNnpack(nint context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}
