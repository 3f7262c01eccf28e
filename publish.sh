#!/usr/bin/env bash
# Builds the deployment package artifacts/functionapp.zip: the function app (src/TokenService.Functions,
# .NET isolated worker) published for linux-x64 with ReadyToRun, with host.json, functions.metadata,
# worker.config.json, extensions.json and .azurefunctions/ at the root of the zip, as Flex
# Consumption's one-deploy expects. The unzipped package stays in artifacts/functionapp/.
#   PUBLISH_READY_TO_RUN=false PUBLISH_DIR=artifacts/functionapp-jit ./publish.sh
#       the same package without ReadyToRun, into artifacts/functionapp-jit/ and its .zip (the
#       bench's cold-start comparison); PUBLISH_DIR defaults to artifacts/functionapp
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$ROOT"
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is required"
command -v python3 >/dev/null || die "python3 is required to write the zip"

ready_to_run="${PUBLISH_READY_TO_RUN:-true}"
staging="${PUBLISH_DIR:-artifacts/functionapp}"
staging="${staging%/}"
[[ "$staging" == artifacts/* && "$staging" != *..* ]] || die "PUBLISH_DIR must be a folder under artifacts/"
zip="$staging.zip"
rm -rf "$staging" "$zip"
mkdir -p "$(dirname "$staging")"

log "publishing src/TokenService.Functions for linux-x64 (ReadyToRun: $ready_to_run)..."
dotnet publish src/TokenService.Functions -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun="$ready_to_run" --nologo -v quiet -clp:ErrorsOnly -o "$staging" >&2 \
  || die "dotnet publish failed"
for required in host.json functions.metadata worker.config.json extensions.json .azurefunctions TokenService.Functions.dll; do
  [[ -e "$staging/$required" ]] || die "the published app lacks $required"
done
# Documentation files are build-time only.
find "$staging" -maxdepth 1 -name '*.xml' -delete

python3 - "$staging" "$zip" <<'PY'
import os, sys, zipfile
source, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, dirs, files in os.walk(source):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            entry = zipfile.ZipInfo.from_file(path, os.path.relpath(path, source))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = (os.stat(path).st_mode & 0xFFFF) << 16
            with open(path, "rb") as data:
                archive.writestr(entry, data.read())
PY
log "wrote $zip ($(du -h "$zip" | cut -f1)); at its root:"
python3 -c 'import sys,zipfile; names=sorted({n.split("/")[0] for n in zipfile.ZipFile(sys.argv[1]).namelist()}); [print("  "+n) for n in names if not n.endswith(".dll") and not n.endswith(".pdb")]; print("  and", sum(n.endswith(".dll") for n in names), "assemblies")' "$zip" >&2
