using System.Runtime.InteropServices;

namespace SparshRobot.Ros.Dds.Native;

/// <summary>One sample taken by <c>sparsh_dds_take</c>; <see cref="Serdata"/> holds a reference until released.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TakenSample
{
    public nint Serdata;
    public uint Size;
    public int Reserved;
    public long SourceTimestamp;
    public ulong PublicationHandle;

    /// <summary>The serdata's own bytes (<see cref="Size"/> of them) while its reference is held; 0 for another sertype's.</summary>
    public nint Data;
}

/// <summary>
/// Entry points of libsparshdds (Dds/Native/sparsh_dds.c): topics with a raw-CDR sertype, ROS-style QoS, and raw
/// writes/takes. Only plain handles, pointers and lengths cross the boundary.
/// </summary>
internal static partial class DdsApi
{
    [LibraryImport(CycloneLibrary.ShimImportName, EntryPoint = "sparsh_dds_create_participant", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int CreateParticipantWithUserData(uint domain, string? userData);

    [LibraryImport(CycloneLibrary.ShimImportName, EntryPoint = "sparsh_dds_create_topic", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int CreateRawTopic(int participant, string name, string typeName);

    [LibraryImport(CycloneLibrary.ShimImportName, EntryPoint = "sparsh_dds_create_writer", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int CreateRawWriter(int participant, int topic, int reliable, int transientLocal, int depth, string? userData);

    [LibraryImport(CycloneLibrary.ShimImportName, EntryPoint = "sparsh_dds_create_reader", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int CreateRawReader(int participant, int topic, int reliable, int transientLocal, int depth, string? userData);

    [LibraryImport(CycloneLibrary.ShimImportName, EntryPoint = "sparsh_dds_write")]
    public static unsafe partial int WriteRaw(int writer, byte* data, uint size);

    [LibraryImport(CycloneLibrary.ShimImportName, EntryPoint = "sparsh_dds_take")]
    public static unsafe partial int TakeRaw(int reader, TakenSample* samples, int max);

    [LibraryImport(CycloneLibrary.ShimImportName, EntryPoint = "sparsh_dds_set_data_listener")]
    public static unsafe partial int SetDataListener(int reader, delegate* unmanaged[Cdecl]<int, nint, void> callback, nint arg);

    [LibraryImport(CycloneLibrary.ShimImportName, EntryPoint = "sparsh_dds_copy")]
    public static unsafe partial void CopySerdata(nint serdata, byte* buffer, uint size);

    [LibraryImport(CycloneLibrary.ShimImportName, EntryPoint = "sparsh_dds_release")]
    public static partial void ReleaseSerdata(nint serdata);

    [LibraryImport(CycloneLibrary.ShimImportName, EntryPoint = "sparsh_dds_matched")]
    public static partial int Matched(int entity);

    [LibraryImport(CycloneLibrary.ShimImportName, EntryPoint = "sparsh_dds_incompatible_qos")]
    public static partial int IncompatibleQos(int entity);

    [LibraryImport(CycloneLibrary.ShimImportName, EntryPoint = "sparsh_dds_create_discovery_reader")]
    public static partial int CreateDiscoveryReader(int participant, int writers);

    [LibraryImport(CycloneLibrary.ShimImportName, EntryPoint = "sparsh_dds_take_endpoints")]
    public static unsafe partial int TakeEndpoints(int reader, byte* buffer, int length);

    [LibraryImport(CycloneLibrary.ShimImportName, EntryPoint = "sparsh_dds_instance_handle")]
    public static partial ulong InstanceHandle(int entity);

    [LibraryImport(CycloneLibrary.ShimImportName, EntryPoint = "sparsh_dds_matched_user_data")]
    public static unsafe partial int MatchedUserData(int entity, byte* buffer, int length);

    [LibraryImport(CycloneLibrary.ShimImportName, EntryPoint = "sparsh_dds_publication_user_data")]
    public static unsafe partial int PublicationUserData(int reader, ulong publicationHandle, byte* buffer, int length);

    [LibraryImport(CycloneLibrary.ImportName, EntryPoint = "dds_create_waitset")]
    public static partial int CreateWaitset(int participant);

    [LibraryImport(CycloneLibrary.ImportName, EntryPoint = "dds_waitset_attach")]
    public static partial int WaitsetAttach(int waitset, int entity, nint attachArg);

    [LibraryImport(CycloneLibrary.ImportName, EntryPoint = "dds_waitset_detach")]
    public static partial int WaitsetDetach(int waitset, int entity);

    [LibraryImport(CycloneLibrary.ImportName, EntryPoint = "dds_waitset_wait")]
    public static unsafe partial int WaitsetWait(int waitset, nint* triggered, nint capacity, long relativeTimeoutNs);

    [LibraryImport(CycloneLibrary.ImportName, EntryPoint = "dds_create_guardcondition")]
    public static partial int CreateGuardCondition(int participant);

    [LibraryImport(CycloneLibrary.ImportName, EntryPoint = "dds_set_guardcondition")]
    public static partial int SetGuardCondition(int guard, [MarshalAs(UnmanagedType.U1)] bool triggered);

    [LibraryImport(CycloneLibrary.ImportName, EntryPoint = "dds_create_readcondition")]
    public static partial int CreateReadCondition(int reader, uint mask);

    /// <summary>DDS_ANY_STATE: any sample, view and instance state.</summary>
    public const uint AnyState = 0x7F;
}
