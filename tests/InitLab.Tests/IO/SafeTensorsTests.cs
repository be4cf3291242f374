using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using InitLab.IO;
using InitLab.Numerics;

using InitLab.Tests.Support;

namespace InitLab.Tests.IO;

public sealed class SafeTensorsTests : IDisposable
{
    readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Write_ThenRead_ReturnsTheTensorsAndMetadata()
    {
        string path = directory.File("model.safetensors");
        float[] weight = [1.5f, -2, 3.25f, 0, 5, 6];
        double[] bias = [0.1, -0.2];
        var metadata = new Dictionary<string, string> { ["scheme"] = "glorot-uniform", ["seed"] = "42" };
        SafeTensors.Write(path,
        [
            new SafeTensor("fc.weight", DType.Float32, [2, 3], MemoryMarshal.AsBytes<float>(weight).ToArray()),
            new SafeTensor("fc.bias", DType.Float64, [2], MemoryMarshal.AsBytes<double>(bias).ToArray()),
        ], metadata);

        var (readMetadata, tensors) = SafeTensors.Read(path);
        Assert.Equal(metadata, readMetadata);
        Assert.Equal(["fc.weight", "fc.bias"], tensors.Select(t => t.Name));
        Assert.Equal([2, 3], tensors[0].Shape);
        Assert.Equal(weight, MemoryMarshal.Cast<byte, float>(tensors[0].Data).ToArray());
        Assert.Equal(DType.Float64, tensors[1].DType);
        Assert.Equal(bias, MemoryMarshal.Cast<byte, double>(tensors[1].Data).ToArray());
    }

    [Fact]
    public void Header_IsLittleEndianLength_PaddedToEightBytes_WithOffsetsAfterTheHeader()
    {
        string path = directory.File("w.safetensors");
        var data = new Half[] { (Half)1, (Half)2, (Half)3 };
        SafeTensors.Write<Half>(path, "w", data, [3], DType.Float16, new Dictionary<string, string> { ["name"] = "w" });
        byte[] file = File.ReadAllBytes(path);
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(0UL, length % 8);
        Assert.Equal(8 + (long)length + 6, file.Length);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(file, 8, (int)length))!.AsObject();
        Assert.Equal("F16", header["w"]!["dtype"]!.GetValue<string>());
        Assert.Equal("[0,6]", header["w"]!["data_offsets"]!.ToJsonString());
        Assert.Equal("w", header["__metadata__"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(DType.Float32, "F32")]
    [InlineData(DType.Float64, "F64")]
    [InlineData(DType.Float16, "F16")]
    [InlineData(DType.BFloat16, "BF16")]
    public void DTypeCodes_FollowTheFormat(DType dtype, string code) => Assert.Equal(code, SafeTensors.Code(dtype));

    [Fact]
    public void MismatchedShapes_AndCorruptFiles_AreErrors()
    {
        string path = directory.File("bad.safetensors");
        var shape = Assert.Throws<ArgumentException>(() => SafeTensors.Write<float>(path, "w", new float[5], [2, 3], DType.Float32));
        Assert.Contains("[2, 3]", shape.Message);
        Assert.Throws<ArgumentException>(() => SafeTensors.Write<float>(path, "w", new float[6], [2, 3], DType.Float64));
        File.WriteAllBytes(path, [255, 0, 0, 0, 0, 0, 0, 0, (byte)'{']);
        Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));
        Assert.Throws<DirectoryNotFoundException>(() => SafeTensors.Write<float>(directory.File(Path.Combine("missing", "w.safetensors")), "w", new float[1], [1], DType.Float32));
    }

    /// <summary>A file of one header and <paramref name="data"/> bytes of data.</summary>
    static byte[] Bytes(string header, int data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + json.Length + data];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)json.Length);
        json.CopyTo(file, 8);
        return file;
    }

    [Theory]
    [InlineData("""{"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}}""", 20, "needs 24 bytes but its data offsets [0, 20] span 20")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 12, "the tensors' data ends at offset 8 but the file has 12 data bytes")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 4, "outside the 4 data bytes")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", 12, "(a gap in the data)")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "(overlapping data)")]
    [InlineData("""{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}""", 0, "not a non-negative integer")]
    [InlineData("""{"w":{"dtype":"F32","shape":["x"],"data_offsets":[0,0]}}""", 0, "the header entry 'w' is malformed")]
    [InlineData("""{"w":{"dtype":"I8","shape":[1],"data_offsets":[0,1]}}""", 1, "dtype 'I8' is not supported")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1]}}""", 4, "needs data_offsets [begin, end]")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 4, "not valid JSON")]
    [InlineData("""{"__metadata__":{"k":1}}""", 0, "entry 'k' is not a string")]
    [InlineData("""[1,2]""", 0, "not a JSON object")]
    [InlineData("""{"w":7}""", 0, "is not a JSON object")]
    [InlineData("""{"w":{"dtype":"F32","shape":[65536,65536],"data_offsets":[0,0]}}""", 0, "more elements than InitLab holds")]
    public void HeadersThatLie_AreErrorsNamingTheProblem(string header, int data, string fragment)
    {
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(Bytes(header, data), "lying.safetensors"));
        Assert.Contains("'lying.safetensors'", e.Message);
        Assert.Contains(fragment, e.Message);
    }
}
