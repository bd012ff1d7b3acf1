using System.Runtime.InteropServices;

namespace SparshRobot.Encoder.Model.Inference;

/// <summary>
/// The entry points of TorchSharp's native layer (<c>libLibTorchSharp</c>, a C ABI) that <see cref="VitInferencePlan"/>
/// calls directly. TorchSharp's managed API calls the same functions but wraps every result in a new managed
/// <c>Tensor</c> (about 260 per encoder forward pass); holding the raw handles instead is what keeps inference free of
/// managed allocation. Signatures are TorchSharp 0.107's (pinned in Directory.Packages.props); the encoder parity
/// tests run through here, so an upgrade that changes one fails them. Errors follow TorchSharp's convention: a
/// tensor-returning call returns null and leaves a message for <c>THSTorch_get_and_reset_last_err</c>.
/// </summary>
internal static unsafe partial class LibTorchSharpNative
{
    private const string Lib = "LibTorchSharp";

    [LibraryImport(Lib)]
    public static partial void THSTensor_dispose(nint tensor);

    [LibraryImport(Lib)]
    public static partial nint THSTorch_get_and_reset_last_err();

    [LibraryImport(Lib)]
    public static partial nint THSAutograd_getInferenceModeGuard([MarshalAs(UnmanagedType.U1)] bool mode);

    [LibraryImport(Lib)]
    public static partial void THSAutograd_deleteInferenceModeGuard(nint guard);

    [LibraryImport(Lib)]
    public static partial nint THSTorch_float32_to_scalar(float value);

    [LibraryImport(Lib)]
    public static partial void THSTorch_dispose_scalar(nint scalar);

    [LibraryImport(Lib)]
    public static partial nint THSTensor_detach(nint tensor);

    [LibraryImport(Lib)]
    public static partial nint THSTensor_t(nint tensor);

    [LibraryImport(Lib)]
    public static partial nint THSTensor_to_type(nint tensor, sbyte scalarType, [MarshalAs(UnmanagedType.U1)] bool copy,
        [MarshalAs(UnmanagedType.U1)] bool nonBlocking);

    [LibraryImport(Lib)]
    public static partial nint THSTensor_conv2d(nint input, nint weight, nint bias, long* strides, int stridesLength,
        long* padding, int paddingLength, long* dilation, int dilationLength, long groups);

    [LibraryImport(Lib)]
    public static partial nint THSTensor_conv3d(nint input, nint weight, nint bias, long* strides, int stridesLength,
        long* padding, int paddingLength, long* dilation, int dilationLength, long groups);

    [LibraryImport(Lib)]
    public static partial nint THSTensor_flatten(nint tensor, long start, long end);

    [LibraryImport(Lib)]
    public static partial nint THSTensor_transpose(nint tensor, long dim1, long dim2);

    [LibraryImport(Lib)]
    public static partial nint THSTensor_add(nint tensor, nint other, nint alpha);

    [LibraryImport(Lib)]
    public static partial nint THSTensor_expand(nint tensor, long* sizes, int length,
        [MarshalAs(UnmanagedType.U1)] bool isImplicit);

    [LibraryImport(Lib)]
    public static partial nint THSTensor_cat(nint* tensors, int length, long dim);

    [LibraryImport(Lib)]
    public static partial nint THSTensor_view(nint tensor, long* shape, int length);

    [LibraryImport(Lib)]
    public static partial nint THSTensor_reshape(nint tensor, long* shape, int length);

    [LibraryImport(Lib)]
    public static partial nint THSTensor_permute(nint tensor, long* dims, int length);

    [LibraryImport(Lib)]
    public static partial nint THSTensor_select(nint tensor, long dim, long index);

    [LibraryImport(Lib)]
    public static partial nint THSTensor_narrow(nint tensor, long dim, long start, long length);

    [LibraryImport(Lib)]
    public static partial nint THSNN_layer_norm(nint input, long* normalizedShape, long normalizedShapeLength,
        nint weight, nint bias, double eps);

    [LibraryImport(Lib)]
    public static partial nint THSTensor_addmm(nint bias, nint mat1, nint mat2, float beta, float alpha);

    [LibraryImport(Lib)]
    public static partial void THSTensor_addcmul_(nint tensor, nint tensor1, nint tensor2, nint value);

    [LibraryImport(Lib)]
    public static partial nint THSTensor_gelu_(nint tensor);

    [LibraryImport(Lib)]
    public static partial nint THSNN_scaled_dot_product_attention(nint query, nint key, nint value, nint mask,
        double dropout, [MarshalAs(UnmanagedType.U1)] bool causal);

    /// <summary>Returns a tensor handle, or throws libtorch's message when the call returned none.</summary>
    public static nint Check(nint tensor)
    {
        if (tensor == 0)
        {
            ThrowLastError("a libtorch call returned no tensor");
        }
        return tensor;
    }

    /// <summary>Throws if the last call (one that returns nothing) left an error.</summary>
    public static void CheckLastError() => ThrowLastError(null);

    private static void ThrowLastError(string? fallback)
    {
        var error = THSTorch_get_and_reset_last_err();
        if (error != 0 || fallback is not null)
        {
            throw new ExternalException(error != 0 ? Marshal.PtrToStringUTF8(error) : fallback);
        }
    }
}

/// <summary>Owns one native tensor handle: <c>using var</c> disposes it without allocating (a struct is disposed in
/// place, never boxed).</summary>
internal readonly struct NativeTensor(nint handle) : IDisposable
{
    public nint Handle { get; } = handle;

    public static implicit operator nint(NativeTensor tensor) => tensor.Handle;

    public void Dispose()
    {
        if (Handle != 0)
        {
            LibTorchSharpNative.THSTensor_dispose(Handle);
        }
    }
}
