using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Attributes;

namespace InitLab.Bench;

/// <summary>
/// Does storing packed B panels as 16-bit bfloat16 pay? The AVX-512 GEMM's inner loop (8×32 tile, 16 FMAs per depth step)
/// over packed B panels stored as float32 (two 64-byte loads per step) against bfloat16 (one 64-byte load, widened in
/// the register by two unpacks with zero: a panel packed lane-permuted so that the unpacks give columns 0..15 and
/// 16..31), with the B panels in L2 (256×512: 512 KB as float32) or far beyond it (256×8192: 8 MB as float32).
/// </summary>
/// <remarks>Run: dotnet run -c Release --project bench/InitLab.Bench -- --filter '*Bf16PanelBenchmarks*'. Needs AVX-512BW.</remarks>
[ShortRunJob]
[MinColumn]
public unsafe class Bf16PanelBenchmarks
{
    const int Depth = 256, Rows = 8, Width = 32;
    float* _a, _b32;
    ushort* _b16;
    readonly float[] _c = new float[Rows * Width];

    /// <summary>Columns of B, i.e. panels × 32.</summary>
    [Params(512, 8192)]
    public int Columns { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc(Rows * Depth * sizeof(float), 64);
        _b32 = (float*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(Depth * Columns) * sizeof(float), 64);
        _b16 = (ushort*)System.Runtime.InteropServices.NativeMemory.AlignedAlloc((nuint)(Depth * Columns) * sizeof(ushort), 64);
        var random = new System.Random(1);
        for (int i = 0; i < Rows * Depth; i++)
            _a[i] = InitLab.Compute.Bf16Rounding.Round((float)random.NextDouble());
        for (int i = 0; i < Depth * Columns; i++)
        {
            _b32[i] = InitLab.Compute.Bf16Rounding.Round((float)random.NextDouble());
            _b16[i] = (ushort)(BitConverter.SingleToUInt32Bits(_b32[i]) >> 16);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        System.Runtime.InteropServices.NativeMemory.AlignedFree(_a);
        System.Runtime.InteropServices.NativeMemory.AlignedFree(_b32);
        System.Runtime.InteropServices.NativeMemory.AlignedFree(_b16);
    }

    [Benchmark(Baseline = true)]
    public float Float32Panels() => Panels<Float32Load>((byte*)_b32);

    [Benchmark]
    public float Bfloat16Panels() => Panels<Bfloat16Load>((byte*)_b16);

    float Panels<TLoad>(byte* b) where TLoad : struct, IPanelLoad
    {
        fixed (float* c = _c)
            for (int panel = 0; panel < Columns / Width; panel++)
                Tile<TLoad>(_a, b + (nint)panel * Depth * TLoad.StepBytes, c);
        return _c[0];
    }

    /// <summary>How a depth step's 32 B values are loaded into two float32 vectors.</summary>
    interface IPanelLoad
    {
        static abstract int StepBytes { get; }

        static abstract Vector512<float> Left(byte* b);

        static abstract Vector512<float> Right(byte* b);
    }

    readonly struct Float32Load : IPanelLoad
    {
        public static int StepBytes => Width * sizeof(float);

        public static Vector512<float> Left(byte* b) => Vector512.Load((float*)b);

        public static Vector512<float> Right(byte* b) => Vector512.Load((float*)b + 16);
    }

    /// <summary>(0, bf16) pairs are the float32 bits of the bfloat16 values: vpunpcklwd / vpunpckhwd with zero on one 64-byte load.</summary>
    readonly struct Bfloat16Load : IPanelLoad
    {
        public static int StepBytes => Width * sizeof(ushort);

        public static Vector512<float> Left(byte* b) => Avx512BW.UnpackLow(Vector512<ushort>.Zero, Vector512.Load((ushort*)b)).AsSingle();

        public static Vector512<float> Right(byte* b) => Avx512BW.UnpackHigh(Vector512<ushort>.Zero, Vector512.Load((ushort*)b)).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile<TLoad>(float* a, byte* b, float* c) where TLoad : struct, IPanelLoad
    {
        Vector512<float> c0L = default, c0R = default, c1L = default, c1R = default, c2L = default, c2R = default, c3L = default, c3R = default;
        Vector512<float> c4L = default, c4R = default, c5L = default, c5R = default, c6L = default, c6R = default, c7L = default, c7R = default;
        for (int p = 0; p < Depth; p++, a += Rows, b += TLoad.StepBytes)
        {
            var bL = TLoad.Left(b);
            var bR = TLoad.Right(b);
            Vector512<float> x;
            x = Vector512.Create(a[0]); c0L = Avx512F.FusedMultiplyAdd(x, bL, c0L); c0R = Avx512F.FusedMultiplyAdd(x, bR, c0R);
            x = Vector512.Create(a[1]); c1L = Avx512F.FusedMultiplyAdd(x, bL, c1L); c1R = Avx512F.FusedMultiplyAdd(x, bR, c1R);
            x = Vector512.Create(a[2]); c2L = Avx512F.FusedMultiplyAdd(x, bL, c2L); c2R = Avx512F.FusedMultiplyAdd(x, bR, c2R);
            x = Vector512.Create(a[3]); c3L = Avx512F.FusedMultiplyAdd(x, bL, c3L); c3R = Avx512F.FusedMultiplyAdd(x, bR, c3R);
            x = Vector512.Create(a[4]); c4L = Avx512F.FusedMultiplyAdd(x, bL, c4L); c4R = Avx512F.FusedMultiplyAdd(x, bR, c4R);
            x = Vector512.Create(a[5]); c5L = Avx512F.FusedMultiplyAdd(x, bL, c5L); c5R = Avx512F.FusedMultiplyAdd(x, bR, c5R);
            x = Vector512.Create(a[6]); c6L = Avx512F.FusedMultiplyAdd(x, bL, c6L); c6R = Avx512F.FusedMultiplyAdd(x, bR, c6R);
            x = Vector512.Create(a[7]); c7L = Avx512F.FusedMultiplyAdd(x, bL, c7L); c7R = Avx512F.FusedMultiplyAdd(x, bR, c7R);
        }
        // Accumulate into C, as the GEMM's β = 1 update of a K block does, so no product is dead code.
        (c0L + Vector512.Load(c)).Store(c); (c0R + Vector512.Load(c + 16)).Store(c + 16);
        (c1L + Vector512.Load(c + 32)).Store(c + 32); (c1R + Vector512.Load(c + 48)).Store(c + 48);
        (c2L + Vector512.Load(c + 64)).Store(c + 64); (c2R + Vector512.Load(c + 80)).Store(c + 80);
        (c3L + Vector512.Load(c + 96)).Store(c + 96); (c3R + Vector512.Load(c + 112)).Store(c + 112);
        (c4L + Vector512.Load(c + 128)).Store(c + 128); (c4R + Vector512.Load(c + 144)).Store(c + 144);
        (c5L + Vector512.Load(c + 160)).Store(c + 160); (c5R + Vector512.Load(c + 176)).Store(c + 176);
        (c6L + Vector512.Load(c + 192)).Store(c + 192); (c6R + Vector512.Load(c + 208)).Store(c + 208);
        (c7L + Vector512.Load(c + 224)).Store(c + 224); (c7R + Vector512.Load(c + 240)).Store(c + 240);
    }
}
