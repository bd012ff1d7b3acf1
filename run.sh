#!/usr/bin/env bash
# The main job: install what is missing, build the sparsh-robot CLI, run it (default: the demo).
#   ./run.sh                 the maze demo from the shipped models: full stack against BC alone, report in demo-out/
#   ./run.sh <command> ...   any sparsh-robot command, e.g. ./run.sh --help
set -euo pipefail
cd "$(dirname "$0")"
# Set-up and build talk on standard error, so that `./run.sh topic echo ... > file` and pipes carry only the command's output.
scripts/setup.sh 1>&2
dotnet build src/SparshRobot.Cli -c Release --nologo -v quiet -clp:NoSummary 1>&2
exec dotnet src/SparshRobot.Cli/bin/Release/net10.0/sparsh-robot.dll "${@:-demo}"
