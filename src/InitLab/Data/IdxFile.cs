using System.Buffers.Binary;
using System.IO.Compression;
using InitLab.IO;

namespace InitLab.Data;

/// <summary>Reads and writes IDX files (the MNIST format), raw or gzip-compressed.</summary>
/// <remarks>
/// Layout: magic = 00 00 TYPE NDIM, then NDIM big-endian uint32 sizes, then product(sizes) elements,
/// big-endian and row-major (LeCun, Cortes &amp; Burges, "The MNIST database"). Compression is recognised
/// by the gzip magic bytes 1F 8B, not by the file name. Reading checks the magic, the type code, the
/// dimension count and sizes, and that exactly the declared number of data bytes follows; every
/// failure is an <see cref="InvalidDataException"/> whose message starts with the file name and says
/// what is wrong.
/// </remarks>
public static class IdxFile
{
    const int InitialChunk = 1 << 22;

    /// <summary>Reads the IDX file at <paramref name="path"/>, raw or gzip.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid IDX file; the message names the file and the problem.</exception>
    public static IdxArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(file, path);
    }

    /// <summary>Reads an IDX array from <paramref name="stream"/>, raw or gzip, to its end.</summary>
    /// <param name="stream">The bytes of one IDX file; left open.</param>
    /// <param name="source">The name used in error messages, e.g. the file name.</param>
    /// <exception cref="InvalidDataException">The bytes are not a valid IDX file.</exception>
    public static IdxArray Read(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        long start = stream.Position;
        Span<byte> head = stackalloc byte[2];
        bool gzip = stream.ReadAtLeast(head, 2, throwOnEndOfStream: false) == 2 && head[0] == 0x1F && head[1] == 0x8B;
        stream.Position = start;
        if (!gzip)
            return new Parser(stream, source, gzip: false).Parse(stream.Length - start);
        using var inflated = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        return new Parser(inflated, source, gzip: true).Parse(knownLength: -1);
    }

    /// <summary>Writes <paramref name="array"/> to <paramref name="path"/> atomically, gzip-compressed when <paramref name="gzip"/> is set.</summary>
    /// <exception cref="DirectoryNotFoundException">The target directory does not exist.</exception>
    public static void Write(string path, IdxArray array, bool gzip)
    {
        ArgumentNullException.ThrowIfNull(array);
        AtomicFile.Write(path, file =>
        {
            using var compressor = gzip ? new GZipStream(file, CompressionLevel.SmallestSize, leaveOpen: true) : null;
            Stream output = compressor ?? file;
            Span<byte> word = stackalloc byte[4];
            output.Write([0, 0, (byte)array.Type, (byte)array.Shape.Length]);
            foreach (int size in array.Shape)
            {
                BinaryPrimitives.WriteInt32BigEndian(word, size);
                output.Write(word);
            }
            output.Write(array.Data);
        });
    }

    /// <summary>Parses one IDX stream, raw or the output of a gzip decompressor.</summary>
    sealed class Parser(Stream input, string source, bool gzip)
    {
        readonly string where = gzip ? "the decompressed data" : "the file";

        public IdxArray Parse(long knownLength)
        {
            Span<byte> magic = stackalloc byte[4];
            int got = Fill(magic);
            if (got == 0)
                throw Error($"{where} is empty; an IDX file starts with the 4-byte magic number 00 00 TYPE NDIM");
            if (got < 4)
                throw Error($"truncated header: {where} holds {got} bytes, but the magic number alone needs 4");
            uint word = BinaryPrimitives.ReadUInt32BigEndian(magic);
            if (magic[0] != 0 || magic[1] != 0)
                throw Error(gzip
                    ? $"bad magic number 0x{word:X8} in the decompressed data: an IDX file starts with two zero bytes, then a type code and a dimension count"
                    : $"bad magic number 0x{word:X8}: an IDX file starts with two zero bytes, then a type code and a dimension count (and it is not gzip, which starts with 1F 8B)");
            if (!IdxDataTypes.IsDefined(magic[2]))
                throw Error($"unknown data type code 0x{magic[2]:X2} in magic number 0x{word:X8}; IDX allows {IdxDataTypes.Allowed}");
            var type = (IdxDataType)magic[2];
            int rank = magic[3];
            if (rank == 0)
                throw Error($"magic number 0x{word:X8} declares 0 dimensions; an IDX array needs at least 1");

            var sizes = new byte[4 * rank];
            got = Fill(sizes);
            if (got < sizes.Length)
                throw Error($"truncated header: the magic number declares {rank} dimensions, which need {sizes.Length} size bytes, but {where} holds only {got} after it");
            var shape = new int[rank];
            long count = 1;
            for (int i = 0; i < rank; i++)
            {
                uint size = BinaryPrimitives.ReadUInt32BigEndian(sizes.AsSpan(4 * i));
                if (size > int.MaxValue)
                    throw Error($"dimension {i + 1} of {rank} is {size}, larger than 2³¹ − 1");
                shape[i] = (int)size;
                count = count == 0 || size == 0 ? 0 : count > Array.MaxLength / size ? long.MaxValue : count * size;
            }
            int elementSize = IdxDataTypes.Size(type);
            string declared = $"{IdxArray.FormatShape(shape)} {IdxDataTypes.Name(type)}";
            if (count > Array.MaxLength / elementSize)
                throw Error($"the header declares {declared} elements, more data than one array can hold (at most {Array.MaxLength} bytes)");
            long bytes = count * elementSize;
            long header = 4 + sizes.Length;
            if (knownLength >= 0 && knownLength - header < bytes)
                throw Truncated(declared, bytes, knownLength - header);

            var data = ReadData(bytes, declared, initial: knownLength >= 0 ? bytes : Math.Min(bytes, InitialChunk));
            long trailing = CountRemaining();
            if (trailing > 0)
                throw Error($"{trailing} unexpected bytes follow the {bytes} data bytes that the header declares ({declared})");
            return new IdxArray(type, shape, data, source);
        }

        /// <summary>
        /// Reads exactly <paramref name="bytes"/> bytes into a buffer that starts at <paramref name="initial"/> bytes and
        /// doubles as data arrives, so a corrupt gzip header cannot force a huge allocation.
        /// </summary>
        byte[] ReadData(long bytes, string declared, long initial)
        {
            var data = new byte[initial];
            long filled = 0;
            while (true)
            {
                filled += Fill(data.AsSpan((int)filled));
                if (filled == bytes)
                    return data;
                if (filled < data.Length)
                    throw Truncated(declared, bytes, filled);
                Array.Resize(ref data, (int)Math.Min(bytes, 2L * data.Length));
            }
        }

        long CountRemaining()
        {
            Span<byte> scratch = stackalloc byte[4096];
            long total = 0;
            int got;
            while ((got = Fill(scratch)) > 0)
                total += got;
            return total;
        }

        /// <summary>Reads until <paramref name="buffer"/> is full or the input ends; gzip corruption becomes an error naming the file.</summary>
        int Fill(Span<byte> buffer)
        {
            try
            {
                return input.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{source}: corrupt gzip data: {e.Message}", e);
            }
        }

        InvalidDataException Truncated(string declared, long bytes, long available) =>
            Error($"truncated: the header declares {declared} elements = {bytes} data bytes, but {where} holds only {available}");

        InvalidDataException Error(string problem) => new($"{source}: {problem}.");
    }
}
