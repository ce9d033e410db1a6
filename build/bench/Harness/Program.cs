using Harness;

// build/bench/run.sh drives these; each prints one line the script reads.
//   floor <port> <db>                                       the floor endpoint, until killed
//   serve <port>                                            a stub supplier until SIGTERM
//   stub <port> latency <gateway> <token> <first> <count>   p50/p99 ms from 201 to the supplier
//   stub <port> create <gateway> <token> <first> <count>    make a backlog (gateway's dispatcher off)
//   stub <port> drain <count>                               wait for the backlog to arrive; cancellations/s
//   record <port> <file>                                    a stub supplier writing every arrival to a file
//   outage <port> <kci file> [down s] [503|hang]            a supplier down for a while (-1: the whole run), and the tenant's KCI endpoint
//   load <gateway> <token> <first> <count> <concurrency> <file>   load that survives the gateway dying
//   open <gateway> <token> <first> <rate> <seconds>         open-loop load at a fixed rate; a RESULT line like wrk's
switch (args)
{
    case ["floor", var port, var db]:
        Floor.Run(int.Parse(port), db);
        return 0;
    case ["stub", var port, "latency", var gateway, var token, var first, var count]:
    {
        await using var stub = StubSupplier.Start(int.Parse(port));
        var (p50, p99) = await DispatchTimings.LatencyAsync(gateway, token, long.Parse(first), int.Parse(count));
        Console.WriteLine($"latency p50_ms={p50:F1} p99_ms={p99:F1}");
        return 0;
    }
    case ["stub", var port, "create", var gateway, var token, var first, var count]:
        await DispatchTimings.CreateAsync(gateway, token, long.Parse(first), int.Parse(count), 32);
        Console.WriteLine($"created {count}");
        return 0;
    case ["stub", var port, "drain", var count]:
    {
        await using var stub = StubSupplier.Start(int.Parse(port));
        Console.WriteLine("stub ready");
        var took = await DispatchTimings.DrainAsync(int.Parse(count), stalled: TimeSpan.FromSeconds(10));
        Console.WriteLine($"drain received={StubSupplier.Received.Count} seconds={took.TotalSeconds:F1} per_second={(took > TimeSpan.Zero ? StubSupplier.Received.Count / took.TotalSeconds : 0):F0}");
        return 0;
    }
    case ["serve", var port]:
    {
        await using var stub = StubSupplier.Start(int.Parse(port));
        Console.WriteLine("serving");
        await stub.WaitForShutdownAsync(); // SIGTERM ends it
        return 0;
    }
    case ["outage", var port, var kciFile, ..var rest]:
        await OutageSupplier.RunAsync(int.Parse(port), kciFile,
            rest.Length > 0 ? double.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : -1, rest.Length > 1 ? rest[1] : "503");
        return 0;
    case ["record", var port, var file]:
    {
        StubSupplier.Record = new StreamWriter(file, append: true) { AutoFlush = true };
        await using var stub = StubSupplier.Start(int.Parse(port));
        Console.WriteLine("recording");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
    case ["open", var gateway, var token, var first, var rate, var seconds]:
        Console.WriteLine(await OpenLoad.RunAsync(gateway, token, long.Parse(first),
            double.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)));
        return 0;
    case ["load", var gateway, var token, var first, var count, var concurrency, var answered]:
    {
        var (ok, failed) = await DispatchTimings.LoadAsync(gateway, token, long.Parse(first), int.Parse(count), int.Parse(concurrency), answered);
        Console.WriteLine($"load answered={ok} failed={failed}");
        return 0;
    }
    default:
        Console.Error.WriteLine("usage: see build/bench/run.sh");
        return 2;
}
