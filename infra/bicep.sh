#!/usr/bin/env bash
# Runs the Bicep CLI pinned in Directory.Packages.props (NuGet package
# Azure.Bicep.CommandLine.linux-x64, restored through tools/Bicep/Bicep.csproj) with the given
# arguments, e.g. `infra/bicep.sh lint infra/main.bicep`. BICEP overrides the binary (another OS,
# or a bicep already on PATH).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bicep_path() { dotnet msbuild "$1" -getProperty:BicepPath -nologo; }

resolve_bicep() {
  local project="$ROOT/tools/Bicep/Bicep.csproj" path copy
  # The package is linux-x64 only; elsewhere use BICEP or a bicep on PATH.
  if [[ "$(uname -s)/$(uname -m)" != "Linux/x86_64" ]]; then
    command -v bicep || { echo "error: set BICEP or put bicep on PATH (the NuGet package is linux-x64 only)" >&2; return 1; }
    return 0
  fi
  # Restore when never done, when a version changed, or when the package left the NuGet cache.
  if [[ "$ROOT/Directory.Packages.props" -nt "$ROOT/tools/Bicep/obj/project.assets.json" ]] \
    || ! path="$(bicep_path "$project")" || [[ ! -f "$path" ]]; then
    dotnet restore "$project" --nologo -v quiet >&2
    touch "$ROOT/tools/Bicep/obj/project.assets.json"   # a no-op restore leaves it older than the props
    path="$(bicep_path "$project")"
  fi
  [[ -n "$path" && -f "$path" ]] || { echo "error: no Bicep CLI at '$path' after restoring $project" >&2; return 1; }
  path="$(readlink -f "$path")"   # .../azure.bicep.commandline.linux-x64/<version>/tools/bicep
  if [[ -x "$path" ]]; then
    printf '%s\n' "$path"
    return 0
  fi
  # NuGet does not keep the run bit for every user: run an executable copy from .tools/ instead.
  copy="$ROOT/.tools/bicep-$(basename "$(dirname "$(dirname "$path")")")/bicep"
  if [[ ! -x "$copy" || "$path" -nt "$copy" ]]; then
    mkdir -p "$(dirname "$copy")"
    cp "$path" "$copy.tmp" && chmod +x "$copy.tmp" && mv "$copy.tmp" "$copy"
  fi
  printf '%s\n' "$copy"
}

BICEP="${BICEP:-$(resolve_bicep)}"
exec "$BICEP" "$@"
