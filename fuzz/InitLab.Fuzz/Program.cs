using InitLab.Fuzz;
using SharpFuzz;

// initlab-fuzz TARGET              run under AFL++ (afl-fuzz … -- dotnet initlab-fuzz.dll TARGET); see fuzz/README.md
// initlab-fuzz TARGET FILE|DIR...  replay inputs once each (a crash's input, or a whole corpus) and report the first failure
if (args.Length == 0 || !FuzzTargets.Names.Contains(args[0]))
{
    Console.Error.WriteLine($"usage: initlab-fuzz {string.Join("|", FuzzTargets.Names)} [FILE|DIR...]");
    return 2;
}
string target = args[0];
if (args.Length > 1)
{
    int replayed = 0;
    foreach (string path in args.Skip(1).SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p) : [p]))
    {
        try
        {
            FuzzTargets.Run(target, File.ReadAllBytes(path));
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"{path}: {e.GetType().Name}: {e.Message}");
            Console.Error.WriteLine(e.StackTrace);
            return 1;
        }
        replayed++;
    }
    Console.WriteLine($"{target}: {replayed} inputs, no crash");
    return 0;
}
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    FuzzTargets.Run(target, buffer.ToArray());
});
return 0;
