#!/usr/bin/env bash
# Builds the deployment package artifacts/functionapp.zip for Azure Functions (Flex Consumption,
# custom handler): host.json, one folder per function with its function.json, and the linux-x64
# Native AOT executable named by host.json, with its run bit kept in the zip.
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$ROOT"
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is required"
command -v python3 >/dev/null || die "python3 is required to write the zip (it keeps the executable's run bit)"

executable="$(python3 -c 'import json,sys; print(json.load(open("host.json"))["customHandler"]["description"]["defaultExecutablePath"])')"
staging="artifacts/functionapp"
rm -rf "$staging" artifacts/publish artifacts/functionapp.zip
mkdir -p "$staging"

log "publishing $executable for linux-x64 with Native AOT (a few minutes)..."
dotnet publish src/TokenService -c Release -r linux-x64 -p:PublishAot=true --nologo -v quiet -clp:ErrorsOnly \
  -o artifacts/publish >&2 || die "dotnet publish failed"
[[ -x "artifacts/publish/$executable" ]] || die "the published executable artifacts/publish/$executable is missing"

cp host.json "$staging/"
cp "artifacts/publish/$executable" "$staging/$executable"
chmod 755 "$staging/$executable"
for function_json in */function.json; do
  name="$(dirname "$function_json")"
  mkdir -p "$staging/$name"
  cp "$function_json" "$staging/$name/"
  log "  function $name"
done

python3 - "$staging" artifacts/functionapp.zip <<'PY'
import os, sys, zipfile
source, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for folder, _, files in sorted(os.walk(source)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            entry = zipfile.ZipInfo.from_file(path, os.path.relpath(path, source))
            entry.compress_type = zipfile.ZIP_DEFLATED
            # Unix permissions in the high bits: the Functions host must be able to run the handler.
            entry.external_attr = (os.stat(path).st_mode & 0xFFFF) << 16
            with open(path, "rb") as data:
                archive.writestr(entry, data.read())
PY
log "wrote artifacts/functionapp.zip ($(du -h artifacts/functionapp.zip | cut -f1)):"
python3 -c 'import sys,zipfile; [print(f"  {i.filename:40} {oct(i.external_attr >> 16)} {i.file_size}") for i in zipfile.ZipFile(sys.argv[1]).infolist()]' artifacts/functionapp.zip >&2
