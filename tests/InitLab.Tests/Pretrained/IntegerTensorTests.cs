using System.Buffers.Binary;
using System.Text;
using InitLab.Data;
using InitLab.IO;
using InitLab.Models;
using InitLab.Pretrained;
using InitLab.Training;
using Xunit;

namespace InitLab.Tests.Pretrained;

/// <summary>A torch state dict with BatchNorm's int64 <c>num_batches_tracked</c> loads: the integer tensor is skipped and named in the mapping report.</summary>
/// <remarks>bn.safetensors is the state dict of <c>Sequential(Linear(784, 4), BatchNorm1d(4), ReLU, Linear(4, 10))</c> after three
/// training-mode passes, written by <c>/usr/bin/python3 bench/peers/batchnorm_state_dict.py tests/InitLab.Tests/Pretrained/Fixtures</c>,
/// which printed the values asserted here.</remarks>
public class IntegerTensorTests
{
    static readonly string Bn = Path.Combine(AppContext.BaseDirectory, "Pretrained", "Fixtures", "bn.safetensors");

    [Fact]
    public void TorchBatchNormStateDict_Loads_SkippingNumBatchesTracked_WithANote()
    {
        var config = new TrainingConfig
        {
            Data = DataSource.Embedded, Model = "mlp:784-4-10", Norm = Normalization.Batch, Epochs = 1,
            InitFrom = new PretrainedInit { From = Bn, TorchLayout = true },
        };
        var trainer = new Trainer(config, DataSource.Load(DataSource.Embedded), threads: 1);
        var report = trainer.LoadReport!;
        Assert.Equal(8, report.Entries.Count(e => e.Source is not null)); // 6 parameters + running_mean + running_var
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal(("1.num_batches_tracked", "I64"), (skipped.Name, skipped.Code));
        Assert.Empty(skipped.Shape);
        Assert.Contains("skipped integer tensor of the file: 1.num_batches_tracked [] I64", report.ToText());
        var buffers = trainer.Model.Buffers.ToDictionary(b => b.Name, b => b.Value);
        Assert.Equal(0.011786500923335552f, buffers["layers.1.running_mean"].Span[0]);
        Assert.Equal(0.789733350276947f, buffers["layers.1.running_var"].Span[0]);
        Assert.Equal(-0.08871936798095703f, trainer.Model.Parameters.Single(p => p.Name == "layers.3.weight").Value.Span[0]);
    }

    [Fact]
    public void PlainReader_StillRefusesIntegerTensors()
    {
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(Bn));
        Assert.Contains("dtype 'I64' is not supported", e.Message);
    }

    [Fact]
    public void IntegerTensor_WhoseOffsetsLie_IsRefused_NamingIt()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"steps\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,8]}}");
        var bytes = new byte[8 + json.Length + 8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        string path = Path.Combine(Path.GetTempPath(), $"lying-i64-{Environment.ProcessId}.safetensors");
        File.WriteAllBytes(path, bytes);
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => WeightFile.Read(path));
            Assert.Contains("tensor 'steps' of shape [2] I64 needs 16 bytes", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
