using System.Runtime.InteropServices;

namespace SparshRobot.Ros.Dds.Native;

/// <summary>Raw Cyclone DDS 0.10.2 entry points (dds/dds.h). Entities are int32 handles; negative values are errors.</summary>
internal static partial class DdsApi
{
    public const uint DomainDefault = 0xFFFFFFFF;

    [LibraryImport(CycloneLibrary.ImportName, EntryPoint = "dds_create_domain", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int CreateDomain(uint domain, string? config);

    [LibraryImport(CycloneLibrary.ImportName, EntryPoint = "dds_create_participant")]
    public static partial int CreateParticipant(uint domain, nint qos, nint listener);

    [LibraryImport(CycloneLibrary.ImportName, EntryPoint = "dds_get_domainid")]
    public static partial int GetDomainId(int entity, out uint id);

    /// <summary>The entity's 16-byte GUID (what rmw_cyclonedds publishes as its gid).</summary>
    [LibraryImport(CycloneLibrary.ImportName, EntryPoint = "dds_get_guid")]
    public static unsafe partial int GetGuid(int entity, byte* guid);

    [LibraryImport(CycloneLibrary.ImportName, EntryPoint = "dds_delete")]
    public static partial int Delete(int entity);

    [LibraryImport(CycloneLibrary.ImportName, EntryPoint = "dds_strretcode")]
    private static partial nint StrRetCode(int code);

    public static string Describe(int code) => Marshal.PtrToStringUTF8(StrRetCode(code)) ?? $"error {code}";

    /// <summary>Throws <see cref="DdsException"/> for a negative return code, naming the call.</summary>
    public static int Check(int result, string call) =>
        result >= 0 ? result : throw new DdsException($"{call} failed: {Describe(result)} ({result})", result);
}

/// <summary>A Cyclone DDS call failed; <see cref="ReturnCode"/> is the dds_return_t.</summary>
public sealed class DdsException(string message, int returnCode) : Exception(message)
{
    public int ReturnCode { get; } = returnCode;
}
