// The fixtures marked [Parallelizable] (the DDS verbs, bag play and record, the service bench) mostly wait: on
// discovery, on a child process's start, on a server's reply. Each has a domain of its own (DdsDomain), so more of
// them at once than the two cores NUnit would assume shortens the run; every other fixture still runs alone.
[assembly: LevelOfParallelism(4)]
