using Tunmux.Bench;

try
{
    var parsed = BenchArgs.Parse(args);
    return parsed.Command switch
    {
        "run" => await RunCommand.RunAsync(parsed),
        "table" => await TableCommand.RunAsync(parsed),
        _ => throw new ArgumentException($"unknown command '{parsed.Command}' (run, table)"),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"tunmux-bench: {e.Message}");
    return 2;
}
