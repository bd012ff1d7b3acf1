#!/usr/bin/env bash
# Installs the native system packages SparshRobot needs, and only those that are missing, so running it again
# does nothing. Called by ./run.sh and ./test.sh; safe to run by hand.
set -euo pipefail

packages=(
  libgtk-3-0        # OpenCvSharp's official Linux runtime links GTK 3
  libddsc0debian    # Eclipse Cyclone DDS 0.10.x, the DDS of ROS 2 Humble/Jazzy (rmw_cyclonedds_cpp)
  cyclonedds-dev    # libddsc.so and headers (C interop, idlc-generated fixtures)
  cyclonedds-tools  # idlc and ddsperf (the DDS benchmark baseline)
)

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK is not installed." >&2
  echo "  Debian 12 / Ubuntu 22.04: install 'dotnet-sdk-10.0' from Microsoft's package feed" >&2
  echo "  (https://learn.microsoft.com/dotnet/core/install/linux), then run this again." >&2
  exit 1
fi

if [ ! -f /etc/debian_version ] || ! command -v dpkg-query >/dev/null 2>&1; then
  echo "error: this is not a Debian or Ubuntu system, so the packages cannot be installed automatically." >&2
  echo "  Install: the GTK 3 runtime (libgtk-3), Eclipse Cyclone DDS 0.10.x (libddsc.so with headers, idlc, ddsperf)." >&2
  exit 1
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "error: missing system packages: ${missing[*]}" >&2
  echo "  run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have empty package lists: refresh them only when the first attempt needs it.
if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
  "${sudo[@]}" apt-get update
  "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi
