using System.Runtime.InteropServices;
using System.Text;
using InitLab.Numerics;

namespace InitLab.IO;

/// <summary>NumPy <c>.npy</c> format 1.0: little-endian, C order.</summary>
/// <remarks>
/// Layout: the magic <c>\x93NUMPY</c>, version 1.0, a 2-byte header length, then an ASCII dict
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c> padded with spaces and a newline
/// so the data starts on a 64-byte boundary. bfloat16 has no NumPy dtype; it is stored as its raw bits
/// with descr <c>&lt;u2</c> (view it with <c>torch.from_numpy(a).view(torch.bfloat16)</c>).
/// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
/// </remarks>
public static class Npy
{
    static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The NumPy descr string for a dtype.</summary>
    public static string Descr(DType dtype) => dtype switch
    {
        DType.Float32 => "<f4",
        DType.Float64 => "<f8",
        DType.Float16 => "<f2",
        _ => "<u2",
    };

    /// <summary>Writes <paramref name="data"/> with <paramref name="shape"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="ArgumentException">The shape's element count differs from the data length.</exception>
    public static void Write<T>(string path, ReadOnlySpan<T> data, ReadOnlySpan<int> shape, DType dtype) where T : unmanaged
    {
        long count = 1;
        foreach (int d in shape) count *= d;
        if (count != data.Length)
            throw new ArgumentException($"shape ({string.Join(", ", shape.ToArray())}) holds {count} elements but data has {data.Length}.", nameof(shape));
        if (Marshal.SizeOf<T>() != dtype.Size())
            throw new ArgumentException($"element type {typeof(T).Name} does not match dtype {dtype.Name()}.", nameof(dtype));
        byte[] header = Header(Descr(dtype), shape);
        byte[] bytes = MemoryMarshal.AsBytes(data).ToArray();
        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            stream.Write(bytes);
        });
    }

    /// <summary>The complete header (magic, version, length and padded dict).</summary>
    public static byte[] Header(string descr, ReadOnlySpan<int> shape)
    {
        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape.ToArray());
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        int preamble = Magic.Length + 2 + 2;
        int total = (preamble + dict.Length + 1 + 63) / 64 * 64;
        string padded = dict.PadRight(total - preamble - 1) + "\n";
        var header = new byte[total];
        Magic.CopyTo(header);
        header[6] = 1;
        header[7] = 0;
        BitConverter.TryWriteBytes(header.AsSpan(8, 2), (ushort)padded.Length);
        Encoding.ASCII.GetBytes(padded, header.AsSpan(preamble));
        return header;
    }

    /// <summary>Reads an .npy file written in format 1.0 or 2.0: its descr, shape and raw little-endian data.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid .npy file.</exception>
    public static (string Descr, int[] Shape, byte[] Data) Read(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        if (file.Length < 10 || !file.AsSpan(0, 6).SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not a .npy file (bad magic).");
        int major = file[6];
        int headerLength = major == 1 ? BitConverter.ToUInt16(file, 8) : (int)BitConverter.ToUInt32(file, 8);
        int start = major == 1 ? 10 : 12;
        string dict = Encoding.ASCII.GetString(file, start, headerLength);
        string descr = Between(dict, "'descr': '", "'");
        if (Between(dict, "'fortran_order': ", ",") != "False")
            throw new InvalidDataException($"'{path}' is in Fortran order; only C order is supported.");
        string dims = Between(dict, "'shape': (", ")");
        int[] shape = dims.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        return (descr, shape, file[(start + headerLength)..]);
    }

    static string Between(string text, string open, string close)
    {
        int i = text.IndexOf(open, StringComparison.Ordinal);
        if (i < 0) throw new InvalidDataException($"npy header lacks {open.Trim()}");
        i += open.Length;
        int j = text.IndexOf(close, i, StringComparison.Ordinal);
        return text[i..j];
    }
}
