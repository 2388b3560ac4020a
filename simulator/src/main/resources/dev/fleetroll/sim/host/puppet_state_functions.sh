#!/bin/bash
# /etc/puppet/lib/puppet_state_functions.sh: writes the Puppet run metadata that Fleetroll reads
# (schema_version 1). Same fields, formats and write discipline as ronin_puppet's write_puppet_state:
# a temp file next to the target, then rename, world-readable; never fails the run.

_pstate_sha256() { # sha256 of a file, with whichever tool the OS has (GNU sha256sum or BSD/perl shasum)
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

_pstate_json_string() { # a JSON string, or null for an empty value
  if [ -z "$1" ]; then printf 'null'; return; fi
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

# write_puppet_state WORKING_DIR ROLE EXIT_CODE DURATION_S OVERRIDE_PATH VAULT_PATH [OUTPUT]
write_puppet_state() {
  local working_dir=$1 role=$2 exit_code=$3 duration_s=$4 override_path=$5 vault_path=$6
  local output=${7:-/etc/puppet/last_run_metadata.json}
  local success=false git_repo= git_branch= git_sha= git_dirty=null vault_sha= override_sha=
  case "$exit_code" in 0|2) success=true ;; esac
  if [ -f "$working_dir/.git/sim-checkout" ]; then
    git_repo=$(sed -n 's/^repo=//p' "$working_dir/.git/sim-checkout")
    git_branch=$(sed -n 's/^branch=//p' "$working_dir/.git/sim-checkout")
    git_sha=$(sed -n 's/^sha=//p' "$working_dir/.git/sim-checkout")
    git_dirty=false
  fi
  [ -f "$vault_path" ] && vault_sha=$(_pstate_sha256 "$vault_path")
  [ -f "$override_path" ] && override_sha=$(_pstate_sha256 "$override_path")
  {
    printf '{\n'
    printf '  "schema_version": 1,\n'
    printf '  "ts": "%s",\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf '  "duration_s": %s,\n' "$duration_s"
    printf '  "success": %s,\n' "$success"
    printf '  "exit_code": %s,\n' "$exit_code"
    printf '  "role": %s,\n' "$(_pstate_json_string "$role")"
    printf '  "git_repo": %s,\n' "$(_pstate_json_string "$git_repo")"
    printf '  "git_branch": %s,\n' "$(_pstate_json_string "$git_branch")"
    printf '  "git_sha": %s,\n' "$(_pstate_json_string "$git_sha")"
    printf '  "git_dirty": %s,\n' "$git_dirty"
    printf '  "vault_path": %s,\n' "$(_pstate_json_string "$vault_path")"
    printf '  "vault_sha": %s,\n' "$(_pstate_json_string "$vault_sha")"
    printf '  "override_path": %s,\n' "$(_pstate_json_string "$override_path")"
    printf '  "override_sha": %s\n' "$(_pstate_json_string "$override_sha")"
    printf '}\n'
  } > "$output.tmp" 2>/dev/null && chmod 0644 "$output.tmp" && mv -f "$output.tmp" "$output" \
    || echo "write_puppet_state: could not write $output" >&2
  return 0
}
