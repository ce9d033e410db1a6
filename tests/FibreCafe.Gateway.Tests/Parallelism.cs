// Fixtures run side by side: each brings its own gateway, data folder and free ports (the shared
// gateway is only read through HTTP), and most of a fixture's time is spent waiting on the network.
// Tests within a fixture still run one after another.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]
