// The fixtures marked [Parallelizable] (the DDS verbs, bag play and record, the service bench) mostly wait: on
// discovery, on a child process's start, on a server's reply. Each has a domain of its own (DdsDomain), so two at once
// shorten the run; four gained little more and leave less margin for discovery waits on a loaded machine.
[assembly: LevelOfParallelism(2)]
