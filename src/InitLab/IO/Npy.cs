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

    /// <summary>Reads an .npy file written in format 1.0, 2.0 or 3.0: its descr, shape and raw little-endian data.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid .npy file; the message names the file and the problem.</exception>
    public static (string Descr, int[] Shape, byte[] Data) Read(string path) => Read(File.ReadAllBytes(path), path);

    /// <summary>Reads the bytes of an .npy file; <paramref name="source"/> names it in messages.</summary>
    /// <remarks>
    /// Checked: the magic, the version (1, 2 or 3), that the header fits in the file, the three keys of the dict, C order,
    /// a little-endian or byte-order-free descr of a fixed-size number type (<c>&lt;f4</c>, <c>|u1</c>, …), a shape of
    /// non-negative integers, and that the data is exactly shape product × item size bytes: a file that is cut short or
    /// has bytes to spare is an error, never silently truncated.
    /// </remarks>
    /// <exception cref="InvalidDataException">The bytes are not a valid .npy file.</exception>
    public static (string Descr, int[] Shape, byte[] Data) Read(byte[] file, string source)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length < 10 || !file.AsSpan(0, 6).SequenceEqual(Magic))
            throw new InvalidDataException($"'{source}' is not a .npy file (bad magic).");
        int major = file[6];
        if (major is < 1 or > 3)
            throw new InvalidDataException($"'{source}': .npy format version {major}.{file[7]} is not supported (1.0, 2.0 and 3.0 are).");
        int start = major == 1 ? 10 : 12;
        if (file.Length < start)
            throw new InvalidDataException($"'{source}': the file ends inside the .npy preamble.");
        long headerLength = major == 1 ? BitConverter.ToUInt16(file, 8) : BitConverter.ToUInt32(file, 8);
        if (headerLength > file.Length - start)
            throw new InvalidDataException($"'{source}': the .npy header claims {headerLength} bytes but the file has {file.Length - start} after the preamble.");
        string dict = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(file, start, (int)headerLength);
        string descr = Between(dict, "'descr': '", "'", source);
        string fortran = Between(dict, "'fortran_order': ", ",", source).Trim();
        if (fortran != "False")
            throw new InvalidDataException(fortran == "True"
                ? $"'{source}' is in Fortran order; only C order is supported."
                : $"'{source}': fortran_order = '{fortran}' is not True or False.");
        int itemSize = ItemSize(descr, source);
        string dims = Between(dict, "'shape': (", ")", source);
        var parts = dims.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > 1 && parts[^1].Length == 0)
            parts = parts[..^1];
        if (parts is [""])
            parts = [];
        var shape = new int[parts.Length];
        long count = 1;
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out shape[i]))
                throw new InvalidDataException($"'{source}': shape ({dims}) has '{parts[i]}', not a non-negative integer.");
            count = shape[i] == 0 || count == 0 ? 0 : count <= long.MaxValue / shape[i] ? count * shape[i] : -1;
            if (count < 0)
                throw new InvalidDataException($"'{source}': shape ({dims}) has more elements than a file can hold.");
        }
        long data = file.Length - start - headerLength;
        if (count > long.MaxValue / itemSize || count * itemSize != data)
            throw new InvalidDataException($"'{source}': shape ({dims}) of '{descr}' needs {(count > long.MaxValue / itemSize ? "more" : (count * itemSize).ToString(System.Globalization.CultureInfo.InvariantCulture))} data bytes but the file has {data}.");
        return (descr, shape, file[(int)(start + headerLength)..]);
    }

    /// <summary>The item size of a fixed-size number descr that needs no byte swap: <c>&lt;f4</c> → 4, <c>|u1</c> → 1.</summary>
    static int ItemSize(string descr, string source)
    {
        if (descr.Length is >= 3 and <= 4 && descr[0] is '<' or '|' or '=' && descr[1] is 'f' or 'i' or 'u' or 'b'
            && int.TryParse(descr.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size)
            && size is 1 or 2 or 4 or 8 && (descr[0] != '|' || size == 1))
            return size;
        throw new InvalidDataException($"'{source}': descr '{descr}' is not supported; InitLab reads little-endian numbers such as '<f4', '<f8', '<f2', '<u2' and '|u1'.");
    }

    static string Between(string text, string open, string close, string source)
    {
        int i = text.IndexOf(open, StringComparison.Ordinal);
        if (i < 0)
            throw new InvalidDataException($"'{source}': the .npy header lacks {open.Trim()}");
        i += open.Length;
        int j = text.IndexOf(close, i, StringComparison.Ordinal);
        if (j < 0)
            throw new InvalidDataException($"'{source}': the .npy header's {open.Trim()} is not closed by {close}");
        return text[i..j];
    }
}
